import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  pickRestoredBounds,
} from '../../../../src/main/electron/decisions/window-bounds.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor = { x: 1440, y: -200, width: 2560, height: 1415 };

describe('pickRestoredBounds', () => {
  it('opens at the default size, centred, on first launch', () => {
    expect(pickRestoredBounds(undefined, [laptop])).toEqual(DEFAULT_WINDOW_SIZE);
  });

  it('restores bounds that are on a connected display', () => {
    const saved = { x: 1600, y: 0, width: 1800, height: 1000 };
    expect(pickRestoredBounds(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('keeps only the size when the monitor the window was on is gone', () => {
    const saved = { x: 1600, y: 0, width: 1200, height: 800 };
    expect(pickRestoredBounds(saved, [laptop])).toEqual({ width: 1200, height: 800 });
  });

  it('does not count a sliver at the screen edge as visible', () => {
    const saved = { x: 1440 - 20, y: 100, width: 1000, height: 700 };
    expect(pickRestoredBounds(saved, [laptop])).toEqual({ width: 1000, height: 700 });
  });

  it('counts a window straddling two displays as visible', () => {
    const saved = { x: 1000, y: 100, width: 1000, height: 700 };
    expect(pickRestoredBounds(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('shrinks a window larger than every display and grows one below the minimum', () => {
    expect(pickRestoredBounds({ x: 0, y: 0, width: 5000, height: 3000 }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 875,
    });
    expect(pickRestoredBounds({ x: 10, y: 10, width: 50, height: 20 }, [laptop])).toEqual({
      x: 10,
      y: 10,
      ...MIN_WINDOW_SIZE,
    });
  });

  it('ignores nonsense', () => {
    expect(pickRestoredBounds({ x: Number.NaN, y: 0, width: 800, height: 600 }, [laptop])).toEqual(DEFAULT_WINDOW_SIZE);
    expect(pickRestoredBounds({ x: 0, y: 0, width: -1, height: 600 }, [laptop])).toEqual(DEFAULT_WINDOW_SIZE);
    expect(pickRestoredBounds({ x: 0, y: 0, width: 800, height: 600 }, [])).toEqual(DEFAULT_WINDOW_SIZE);
  });
});
