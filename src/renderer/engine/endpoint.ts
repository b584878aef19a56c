/**
 * Where the engine is: from the desktop bridge in Electron, from the page's URL in web mode.
 */
import { tokenFromHash, type EngineEndpoint } from '../../shared/protocol/client.ts';
import type { DesktopBridge } from '../../shared/desktop-bridge.ts';
import { TOKEN_CHECK_PATH } from '../../shared/protocol/index.ts';
import type { TokenCheck } from '../../shared/protocol/reconnecting-client.ts';

/** The parts of `window.location` the endpoint is read from. */
export interface LocationLike {
  readonly origin: string;
  readonly protocol: string;
  readonly hash: string;
}

/**
 * Resolve the engine endpoint, or null when there is none to reach.
 *
 * Web mode: the engine serves this page, so its origin is the engine's, and `serve` prints the
 * URL with `#token=…` (the fragment never reaches the server's logs). A page opened from file://
 * without a bridge has no engine to talk to.
 */
export function resolveEndpoint(bridge: DesktopBridge | null, location: LocationLike): EngineEndpoint | null {
  if (bridge) return bridge.endpoint;
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  const token = tokenFromHash(location.hash);
  if (!token) return null;
  return { baseUrl: location.origin, token };
}

/**
 * Ask the engine serving this page whether `endpoint`'s token is its token (web mode): tells a
 * wrong or rotated token (`rejected`) apart from an engine that is not running (`unreachable`).
 */
export async function checkToken(endpoint: EngineEndpoint, fetchImpl: typeof fetch = fetch): Promise<TokenCheck> {
  try {
    const response = await fetchImpl(`${endpoint.baseUrl}${TOKEN_CHECK_PATH}`, {
      headers: { authorization: `Bearer ${endpoint.token}` },
      cache: 'no-store',
    });
    if (response.status === 204) return 'valid';
    return response.status === 401 ? 'rejected' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
