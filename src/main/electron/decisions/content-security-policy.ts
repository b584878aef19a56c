/**
 * The Content-Security-Policy of the renderer.
 *
 * Delivered twice on purpose: as a response header from `session.webRequest.onHeadersReceived`
 * (older Electron versions never call that hook for `file://`, newer ones do) and as a `<meta>`
 * tag in `index.html` (always honoured for `file://`). Two policies intersect, so both must allow
 * what the app needs.
 *
 * The engine's port is random per start and changes when a crashed engine is restarted while the
 * page stays loaded, so `connect-src` pins the loopback host but allows any port.
 */

/** Hosts the engine may listen on; the shell always starts it on 127.0.0.1. */
export const DEFAULT_ENGINE_HOSTS: readonly string[] = ['127.0.0.1'];

/**
 * Build the policy string.
 *
 * `style-src 'unsafe-inline'` is needed because xterm.js injects `<style>` elements for its
 * themes; scripts stay `'self'` only (no inline, no eval).
 */
export function buildContentSecurityPolicy(engineHosts: readonly string[] = DEFAULT_ENGINE_HOSTS): string {
  const connect = engineHosts.flatMap((host) => [`http://${host}:*`, `ws://${host}:*`]);
  const directives: ReadonlyArray<readonly [string, ...string[]]> = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...connect],
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}
