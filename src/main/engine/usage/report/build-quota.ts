/**
 * The `usage.quota` answer: every account's windows, stalls and active warnings.
 *
 * Every configured account appears even without data, with the last day its logs show a
 * request, so a client can tell "used, but no window data yet" (Claude transcripts carry none:
 * only status-line or stream-json data of sessions the app started does; Gemini keeps none on
 * disk, requests today are shown against the documented daily caps instead) from "never used
 * here" (nothing to show a new user).
 */
import type { ProviderQuota, QuotaSnapshot, RateWindow, Stall } from '../../../../shared/protocol/usage.ts';
import { activeWarnings } from '../quota/threshold-warnings.ts';
import type { LedgerBucket } from '../model/usage-ledger.ts';
import { dayKey } from '../model/time-zone.ts';
import type { UsageSource } from '../types.ts';

/** Everything a quota snapshot is built from. */
export interface QuotaInput {
  readonly sources: readonly UsageSource[];
  /** Window states at `now` (binding first per account). */
  readonly windows: readonly RateWindow[];
  readonly planType: (source: UsageSource) => string | null;
  readonly buckets: Iterable<LedgerBucket>;
  readonly stalls: readonly Stall[];
  readonly thresholds: readonly number[];
  readonly timeZone: string;
  readonly now: number;
}

const NOTES: Record<UsageSource['provider'], string> = {
  codex: 'No rate-limit data in the logs yet (codex exec and some plans log none).',
  claude: 'Claude transcripts carry no window data; it appears once a Claude session started by the app reports its status line.',
  gemini: 'Gemini CLI keeps no quota on disk; requests today are approximate (daily caps: 1 000 / 1 500 / 2 000 by plan).',
};

/** Build the snapshot. */
export function buildQuota(input: QuotaInput): QuotaSnapshot {
  const today = dayKey(input.now, input.timeZone);
  const requestsToday = new Map<string, number>();
  const lastUsed = new Map<string, string>();
  for (const b of input.buckets) {
    if (b.provider === 'gemini' && b.day === today) requestsToday.set(b.account, (requestsToday.get(b.account) ?? 0) + b.requests);
    const key = `${b.provider}\0${b.account}`;
    const seen = lastUsed.get(key);
    if ((b.requests > 0 || b.input > 0 || b.output > 0) && (seen === undefined || b.day > seen)) lastUsed.set(key, b.day);
  }
  const providers: ProviderQuota[] = input.sources.map((source) => {
    const windows = input.windows.filter((w) => w.provider === source.provider && w.account === source.root);
    const status: ProviderQuota['status'] =
      windows.length === 0 ? 'unknown' : windows.some((w) => !w.stale && !w.awaitingData) ? 'live' : 'stale';
    return {
      provider: source.provider,
      account: source.root,
      status,
      planType: input.planType(source),
      windows,
      requestsToday: source.provider === 'gemini' ? requestsToday.get(source.root) ?? 0 : null,
      lastUsedDay: lastUsed.get(`${source.provider}\0${source.root}`) ?? null,
      note: windows.length === 0 ? NOTES[source.provider] : null,
    };
  });
  return {
    generatedAt: new Date(input.now).toISOString(),
    providers,
    stalls: [...input.stalls],
    warnings: activeWarnings(input.windows, input.thresholds),
  };
}
