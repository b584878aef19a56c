/**
 * Whether to attach to an engine that already runs on the data folder (pure).
 *
 * One engine per data folder: a running engine writes `<data folder>/engine.json` (endpoint,
 * token, pid, version). At start the shell reads it; when it names a live engine of the same
 * version, the window attaches to that engine instead of starting a second one (which would
 * fight the first over the same state files). That engine belongs to whoever started it
 * (`agent-orchestrator serve` in a terminal, say), so quitting the app leaves it running.
 */
import type { EngineEndpoint } from '../../../shared/protocol/client.ts';

/** What `engine.json` says, validated. */
export interface EngineFileRecord {
  readonly endpoint: EngineEndpoint;
  readonly pid: number;
  readonly version: string;
}

/** Longer files are not ours (the real one is a few hundred bytes). */
export const MAX_ENGINE_FILE_BYTES = 16 * 1024;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `http://<loopback>:<port>` normalised to its origin, or null. */
export function loopbackBaseUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || url.port === '') return null;
  return url.origin;
}

/**
 * Parse `engine.json`: `{ version: 1, baseUrl, port, token, pid, appVersion, owner, startedAt }`
 * as the engine writes it (`src/main/engine/instance/engine-file.ts`, which the shell may not
 * import). Also accepts the endpoint as `endpoint` (a URL or `{ baseUrl, token }`) and the app
 * version as a string `version`, so a change of that shape degrades to "start our own" rather
 * than a crash. Null for anything malformed (a half-written or foreign file).
 */
export function parseEngineFile(text: string): EngineFileRecord | null {
  if (text.length > MAX_ENGINE_FILE_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const endpoint = record.endpoint;
  const nested = typeof endpoint === 'object' && endpoint !== null ? (endpoint as Record<string, unknown>) : null;
  const rawUrl = record.baseUrl ?? (typeof endpoint === 'string' ? endpoint : nested?.baseUrl);
  const token = record.token ?? nested?.token;
  const { pid } = record;
  const version = typeof record.appVersion === 'string' ? record.appVersion : record.version;
  if (typeof rawUrl !== 'string' || typeof token !== 'string' || token === '' || token.length > 512) return null;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  if (typeof version !== 'string' || version === '') return null;
  const baseUrl = loopbackBaseUrl(rawUrl);
  return baseUrl === null ? null : { endpoint: { baseUrl, token }, pid, version };
}

export type EngineSource =
  | { readonly kind: 'spawn'; readonly reason: string }
  | { readonly kind: 'attach'; readonly endpoint: EngineEndpoint; readonly pid: number }
  | { readonly kind: 'conflict'; readonly message: string };

/**
 * Decide from the file and what the shell checked about it: whether its pid is alive, and
 * whether the endpoint answered with that pid (a stale file whose pid was reused by another
 * program must not be trusted).
 */
export function decideEngineSource(input: {
  readonly record: EngineFileRecord | null;
  readonly pidAlive: boolean;
  /** `engine.info().pid` from the endpoint, or null if it did not answer (with this token). */
  readonly answeredPid: number | null;
  readonly appVersion: string;
}): EngineSource {
  const { record } = input;
  if (record === null) return { kind: 'spawn', reason: 'no running engine recorded' };
  if (!input.pidAlive) return { kind: 'spawn', reason: `recorded engine ${record.pid} is gone` };
  if (input.answeredPid !== record.pid) return { kind: 'spawn', reason: `recorded engine ${record.pid} does not answer` };
  if (record.version !== input.appVersion) {
    return {
      kind: 'conflict',
      message:
        `An engine of version ${record.version} (process ${record.pid}) is running on this data folder, ` +
        `and this app is version ${input.appVersion}. Stop that engine (or its app) and start again.`,
    };
  }
  return { kind: 'attach', endpoint: record.endpoint, pid: record.pid };
}
