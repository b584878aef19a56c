/**
 * The usage procedures as the UI calls them. They return plain values (no `Result`), so a
 * missing connection or a transport failure is turned into an error value here, like
 * `callEngine` does for the others.
 */
import type { EngineClient, QuotaSnapshot, UsageSummary, UsageSummaryQuery, UsageTimeline, UsageTimelineQuery } from '../../shared/protocol/index.ts';
import type { EngineAccess } from '../engine/call-engine.ts';
import type { UiResult } from '../errors/ui-error.ts';

async function call<T>(engine: EngineAccess, run: (client: EngineClient) => Promise<T>): Promise<UiResult<T>> {
  const client = engine.client;
  if (!client) return { ok: false, error: { kind: 'ENGINE_DISCONNECTED' } };
  try {
    return { ok: true, value: await run(client) };
  } catch (error) {
    return { ok: false, error: { kind: 'ENGINE_CALL_FAILED', detail: error instanceof Error ? error.message : String(error) } };
  }
}

export function fetchQuota(engine: EngineAccess): Promise<UiResult<QuotaSnapshot>> {
  return call(engine, (client) => client.usage.quota());
}

export function fetchSummary(engine: EngineAccess, query: UsageSummaryQuery): Promise<UiResult<UsageSummary>> {
  return call(engine, (client) => client.usage.summary(query));
}

export function fetchTimeline(engine: EngineAccess, query: UsageTimelineQuery): Promise<UiResult<UsageTimeline>> {
  return call(engine, (client) => client.usage.timeline(query));
}
