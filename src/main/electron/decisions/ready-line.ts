/**
 * Parse the one line `agent-orchestrator serve --ready-json` prints when it is listening.
 *
 * `{"type":"ready","baseUrl":"http://127.0.0.1:PORT","token":"…","port":PORT}`
 *
 * The shell hands this endpoint (and its token) to the renderer, so it is checked strictly: the
 * URL must be plain http on a loopback address. Anything else on stdout (logs, warnings printed
 * by dependencies) is simply not a ready line.
 */
import type { EngineEndpoint } from '../../../shared/protocol/client.ts';

/** What a valid ready line carries. */
export interface EngineReady extends EngineEndpoint {
  readonly port: number;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The ready message in `line`, or null if the line is anything else. */
export function parseReadyLine(line: string): EngineReady | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { type, baseUrl, token, port } = value as Record<string, unknown>;
  if (type !== 'ready' || typeof baseUrl !== 'string' || typeof token !== 'string' || token === '') return null;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) return null;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname) || Number(url.port) !== port) return null;
  return { baseUrl: url.origin, token, port };
}
