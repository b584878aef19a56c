/**
 * Where the main window opens, given what was saved last time and the displays present now.
 *
 * Saved bounds are only reused when enough of the window would land on a connected display to
 * grab its title bar: after unplugging a monitor, a window restored at its old coordinates would
 * open invisibly off-screen and the app would look broken.
 */

/** A rectangle in screen coordinates (DIPs), the shape of Electron's `Rectangle`. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Bounds to open with: a position only when a saved one is still usable. */
export interface RestoredBounds {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
}

/** Size of a first-launch window (and of one whose saved position is unusable). */
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;

/** The window cannot be made smaller than this (set as BrowserWindow's minWidth/minHeight too). */
export const MIN_WINDOW_SIZE = { width: 640, height: 400 } as const;

/**
 * How much of the window must overlap one display's work area to count as visible: a strip wide
 * and tall enough to find and drag the title bar.
 */
export const MIN_VISIBLE = { width: 120, height: 40 } as const;

function isFiniteRect(rect: Rect): boolean {
  return [rect.x, rect.y, rect.width, rect.height].every(Number.isFinite) && rect.width > 0 && rect.height > 0;
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** Whether `bounds` overlaps some work area by at least {@link MIN_VISIBLE}. */
export function isVisibleOnSomeDisplay(bounds: Rect, workAreas: readonly Rect[]): boolean {
  return workAreas.some((area) => {
    const o = overlap(bounds, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
}

/**
 * Decide the bounds to open the window with.
 *
 * - nothing saved, or nonsense saved → default size, no position (the OS centres it);
 * - saved bounds still visible → reuse them, size clamped between the minimum and the largest
 *   work area (a window larger than every screen cannot be resized by hand);
 * - saved bounds off every display → the saved size (clamped), no position.
 */
export function pickRestoredBounds(saved: Rect | undefined, workAreas: readonly Rect[]): RestoredBounds {
  if (saved === undefined || !isFiniteRect(saved) || workAreas.length === 0) {
    return { ...DEFAULT_WINDOW_SIZE };
  }
  const maxWidth = Math.max(...workAreas.map((area) => area.width));
  const maxHeight = Math.max(...workAreas.map((area) => area.height));
  const width = Math.round(Math.min(Math.max(saved.width, MIN_WINDOW_SIZE.width), Math.max(maxWidth, MIN_WINDOW_SIZE.width)));
  const height = Math.round(
    Math.min(Math.max(saved.height, MIN_WINDOW_SIZE.height), Math.max(maxHeight, MIN_WINDOW_SIZE.height)),
  );
  const candidate: Rect = { x: Math.round(saved.x), y: Math.round(saved.y), width, height };
  return isVisibleOnSomeDisplay(candidate, workAreas) ? candidate : { width, height };
}
