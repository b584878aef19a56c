/**
 * Remembers the main window's position, size and maximized state between launches.
 *
 * electron-store (in Electron's `userData` folder) holds only this kind of UI preference; app
 * state lives in the engine. The JSON schema rejects hand-edited nonsense, and
 * `clearInvalidConfig` turns an invalid or corrupt file into defaults instead of a startup crash.
 * When the shape changes, add electron-store `migrations` (keyed by app version) here.
 */
import { screen, type BrowserWindow } from 'electron';
import Store, { type Schema } from 'electron-store';
import { pickRestoredBounds, type Rect, type RestoredBounds } from './decisions/window-bounds.ts';

/** What is persisted. */
export interface WindowState {
  bounds?: Rect;
  isMaximized: boolean;
}

const integer = { type: 'integer' } as const;

const schema: Schema<WindowState> = {
  bounds: {
    type: 'object',
    properties: { x: integer, y: integer, width: { type: 'integer', minimum: 1 }, height: { type: 'integer', minimum: 1 } },
    required: ['x', 'y', 'width', 'height'],
    additionalProperties: false,
  },
  isMaximized: { type: 'boolean', default: false },
};

/** Saving on every pixel of a drag would write the file hundreds of times a second. */
const SAVE_DEBOUNCE_MS = 500;

/** The persisted window state, backed by `window-state.json` in `userData`. */
export class WindowStateStore {
  readonly #store = new Store<WindowState>({ name: 'window-state', schema, clearInvalidConfig: true });

  /** Bounds to open with, checked against the displays connected right now. */
  restoredBounds(): RestoredBounds {
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    return pickRestoredBounds(this.#store.get('bounds'), workAreas);
  }

  /** Whether the window was maximized when it was last closed. */
  wasMaximized(): boolean {
    return this.#store.get('isMaximized');
  }

  /**
   * Save the window's state on move/resize (debounced) and on close (immediately).
   *
   * The normal (un-maximized) bounds are saved, so un-maximizing after a restart returns the
   * window to the size the user gave it.
   */
  track(window: BrowserWindow): void {
    let timer: NodeJS.Timeout | null = null;
    const save = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (window.isDestroyed() || window.isMinimized()) return;
      const { x, y, width, height } = window.getNormalBounds();
      this.#store.set({ bounds: { x, y, width, height }, isMaximized: window.isMaximized() });
    };
    const saveSoon = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(save, SAVE_DEBOUNCE_MS);
    };
    window.on('move', saveSoon);
    window.on('resize', saveSoon);
    window.on('maximize', saveSoon);
    window.on('unmaximize', saveSoon);
    window.on('close', save);
  }
}
