/**
 * Who may talk to the engine: pure checks applied to every WebSocket upgrade.
 *
 * The engine's socket is loopback-only and requires the per-start token. On top of that it
 * rejects:
 * - a `Host` header that is not a loopback name, which defeats DNS-rebinding attacks (a foreign
 *   page whose domain resolves to 127.0.0.1 still sends its own domain as Host);
 * - an `Origin` other than the engine's own page (or an origin the shell allows, e.g. `file://`),
 *   so a web page open in the user's browser cannot drive it even if it learnt the port.
 * Clients that are not browsers (the CLI) send no Origin; the token protects that path.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Split `host:port` (and `[v6]:port`) into its parts. */
function splitHost(host: string): { name: string; port: string | null } {
  const v6 = /^(\[[^\]]+\])(?::(\d+))?$/.exec(host);
  if (v6) return { name: v6[1]!.toLowerCase(), port: v6[2] ?? null };
  const index = host.lastIndexOf(':');
  if (index === -1) return { name: host.toLowerCase(), port: null };
  return { name: host.slice(0, index).toLowerCase(), port: host.slice(index + 1) };
}

/** Whether a host name is a loopback name. */
export function isLoopbackName(name: string): boolean {
  return LOOPBACK_HOSTS.has(name.toLowerCase());
}

/**
 * True when the Host header names a loopback address (or a name the user bound explicitly with
 * `serve --host`) on our port.
 */
export function isAllowedHost(
  hostHeader: string | undefined,
  port: number,
  extraNames: readonly string[] = [],
): boolean {
  if (!hostHeader) return false;
  const { name, port: hostPort } = splitHost(hostHeader.trim());
  return (LOOPBACK_HOSTS.has(name) || extraNames.includes(name)) && hostPort === String(port);
}

/** True when the request carries no Origin (non-browser) or our own / an explicitly allowed one. */
export function isAllowedOrigin(
  originHeader: string | undefined,
  port: number,
  extraOrigins: readonly string[] = [],
  extraNames: readonly string[] = [],
): boolean {
  if (originHeader === undefined) return true;
  if (extraOrigins.includes(originHeader)) return true;
  let url: URL;
  try {
    url = new URL(originHeader);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  const name = url.hostname.toLowerCase();
  return (LOOPBACK_HOSTS.has(name) || extraNames.includes(name)) && url.port === String(port);
}

/** Constant-time token comparison. */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
