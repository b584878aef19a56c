/**
 * One-time URLs for opening the web UI in a browser (`serve --open`, `npm start`).
 *
 * A browser started with `…/#token=…` on its command line shows the token to every local user
 * (`/proc/<pid>/cmdline`, `ps`). Instead it is started with `/open?code=…`: a random code that
 * works once, for a minute, and is answered with a redirect to `/#token=…` — the token travels
 * only in the HTTP response to the browser that used the code.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How long an unused code stays valid. */
export const OPEN_CODE_TTL_MS = 60_000;
/** Path the one-time URL uses. */
export const OPEN_PATH = '/open';

export class OpenCodes {
  private readonly codes = new Map<string, number>();

  /** A fresh code, valid once for `ttlMs`. */
  issue(ttlMs = OPEN_CODE_TTL_MS): string {
    this.prune();
    const code = randomBytes(18).toString('base64url');
    this.codes.set(code, Date.now() + ttlMs);
    return code;
  }

  /** True (once) for a valid, unexpired code; the code is spent either way. */
  redeem(given: string | null): boolean {
    this.prune();
    if (!given) return false;
    for (const [code, expires] of this.codes) {
      const a = Buffer.from(code);
      const b = Buffer.from(given);
      if (a.length === b.length && timingSafeEqual(a, b)) {
        this.codes.delete(code);
        return expires > Date.now();
      }
    }
    return false;
  }

  private prune(): void {
    const now = Date.now();
    for (const [code, expires] of this.codes) if (expires <= now) this.codes.delete(code);
  }
}
