/**
 * Rationing of WebGL renderers across the terminal grid.
 *
 * Chromium keeps only about 16 live WebGL contexts per page and silently kills the oldest past
 * that (xterm.js #4379), so only visible panes get one and their number is capped. A pane without
 * a lease uses xterm's DOM renderer, which is slower but always works.
 */
import { WebglAddon } from '@xterm/addon-webgl';
import type { Terminal } from '@xterm/xterm';

/** Below Chromium's ~16-context limit, leaving room for other canvases; 9 panes fit. */
export const MAX_WEBGL_TERMINALS = 12;

export interface WebglLease {
  /** Dispose the addon (xterm falls back to the DOM renderer) and free the slot. */
  release(): void;
}

export class WebglPool {
  private active = 0;

  constructor(private readonly limit: number = MAX_WEBGL_TERMINALS) {}

  /** Number of terminals currently rendering with WebGL. */
  get size(): number {
    return this.active;
  }

  /**
   * Load the WebGL addon into an opened terminal, or return null if there is no free slot or
   * WebGL is unavailable (no GPU, blocked, context creation failed). `onLost` runs after a
   * context loss, once the terminal is back on the DOM renderer.
   */
  acquire(term: Terminal, onLost: () => void): WebglLease | null {
    if (this.active >= this.limit) return null;
    let addon: WebglAddon;
    try {
      addon = new WebglAddon();
      term.loadAddon(addon);
    } catch {
      return null;
    }
    this.active++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.active--;
      try {
        addon.dispose();
      } catch {
        // Disposing after a lost context can throw inside the addon; the slot is free either way.
      }
    };
    addon.onContextLoss(() => {
      release();
      onLost();
    });
    return { release };
  }
}
