/**
 * The "agents need you" badge on the app's icon (pure).
 *
 * The number is the count of agents whose status is `needs-input`. Each OS shows it its own way:
 * - macOS: the dock badge (`app.setBadgeCount`);
 * - Linux: the launcher count of Unity-compatible docks (`app.setBadgeCount`; needs the
 *   `.desktop` file the packages install, elsewhere it is a harmless no-op);
 * - Windows: an overlay icon on the taskbar button (`BrowserWindow.setOverlayIcon`) with an
 *   accessible description; Windows has no badge count API, so the overlay is drawn here as a
 *   bitmap ({@link badgeBitmap}), which needs no image files and no canvas.
 * When the count grows while the user is elsewhere, the app also asks for attention once (dock
 * bounce, taskbar flash).
 */
import type { AgentSession } from '../../../shared/protocol/agents.ts';

export type BadgeAction =
  | { readonly kind: 'badge-count'; readonly count: number }
  | { readonly kind: 'overlay'; readonly count: number; readonly text: string; readonly description: string };

/** How many agents wait for the user. */
export function needsInputCount(agents: readonly AgentSession[]): number {
  return agents.filter((agent) => agent.status === 'needs-input').length;
}

/** Text drawn in the badge: the count, `9+` beyond nine (two characters fit in 16 px). */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 9 ? '9+' : String(count);
}

export function badgeAction(count: number, platform: NodeJS.Platform): BadgeAction {
  const safe = Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
  if (platform === 'win32') {
    return {
      kind: 'overlay',
      count: safe,
      text: badgeText(safe),
      description: safe === 0 ? '' : `${safe} agent${safe === 1 ? ' needs' : 's need'} input`,
    };
  }
  return { kind: 'badge-count', count: safe };
}

/**
 * Whether to bounce the dock / flash the taskbar: more agents wait than before and the user is
 * not looking at the window. Once per increase, never for a decrease.
 */
export function shouldRequestAttention(previous: number, next: number, windowFocused: boolean): boolean {
  return next > previous && !windowFocused;
}

/** A square image in Electron's `createFromBitmap` layout: BGRA, premultiplied alpha. */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** 3×5 glyphs, one string per row, `#` = ink. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  '+': ['...', '.#.', '###', '.#.', '...'],
};

/** Badge red (#d93025) and white ink, as [B, G, R]. */
const FILL: readonly [number, number, number] = [0x25, 0x30, 0xd9];
const INK: readonly [number, number, number] = [0xff, 0xff, 0xff];
/** Sub-samples per pixel side for the circle's anti-aliased edge. */
const SAMPLES = 4;

/**
 * The overlay: a red disc filling the square with the count in white, or null for no badge.
 * `size` is in pixels (32 for a 16-DIP overlay at scale factor 2).
 */
export function badgeBitmap(count: number, size: number): Bitmap | null {
  const text = badgeText(count);
  if (text === '' || !Number.isInteger(size) || size < 8 || size > 256) return null;
  const data = new Uint8Array(size * size * 4);
  const radius = size / 2;
  // Glyph scale: the text block takes about 60 % of the height, one or two glyphs wide.
  const gap = 1;
  const scale = Math.max(1, Math.floor(Math.min((size * 0.6) / 5, (size * 0.7) / (text.length * 3 + (text.length - 1) * gap))));
  const textWidth = (text.length * 3 + (text.length - 1) * gap) * scale;
  const left = Math.floor((size - textWidth) / 2);
  const top = Math.floor((size - 5 * scale) / 2);
  const inked = (x: number, y: number): boolean => {
    const gx = Math.floor((x - left) / scale);
    const gy = Math.floor((y - top) / scale);
    if (gy < 0 || gy >= 5 || x < left) return false;
    const index = Math.floor(gx / (3 + gap));
    const column = gx % (3 + gap);
    const glyph = GLYPHS[text[index] ?? ''];
    return glyph !== undefined && column < 3 && glyph[gy]?.[column] === '#';
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const dx = x + (sx + 0.5) / SAMPLES - radius;
          const dy = y + (sy + 0.5) / SAMPLES - radius;
          if (dx * dx + dy * dy <= radius * radius) covered++;
        }
      }
      const alpha = covered / (SAMPLES * SAMPLES);
      const color = inked(x, y) ? INK : FILL;
      const offset = (y * size + x) * 4;
      data[offset] = Math.round(color[0] * alpha);
      data[offset + 1] = Math.round(color[1] * alpha);
      data[offset + 2] = Math.round(color[2] * alpha);
      data[offset + 3] = Math.round(255 * alpha);
    }
  }
  return { width: size, height: size, data };
}
