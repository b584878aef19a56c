/**
 * Switch for background scrollback trimming: `?scrollbackTrim=off` in the page's address keeps
 * every pane at the full bound (what `bench/footprint` measures the trim against in the same
 * run), `?scrollbackTrim=<ms>` trims after that many ms in the background instead of
 * TRIM_AFTER_MS (end-to-end tests, which cannot wait half a minute per case). Anything else, or
 * nothing, is the default. See scrollback-policy.ts.
 */
import { TRIM_AFTER_MS } from './scrollback-policy.ts';

/** Bounds of `?scrollbackTrim=<ms>`: a typo cannot make panes trim at once or never. */
const MIN_MS = 100;
const MAX_MS = 3_600_000;

export function trimScrollbackAfterFrom(location: Pick<Location, 'search'>): number | null {
  const value = new URLSearchParams(location.search).get('scrollbackTrim');
  if (value === 'off') return null;
  if (value === null || !/^\d{1,7}$/.test(value)) return TRIM_AFTER_MS;
  const ms = Number(value);
  return ms >= MIN_MS && ms <= MAX_MS ? ms : TRIM_AFTER_MS;
}
