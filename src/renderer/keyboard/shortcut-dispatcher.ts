/**
 * Routes shortcut key events to actions exactly once.
 *
 * Two listeners see each key press: a capture-phase window listener (so shortcuts work anywhere,
 * before any focused widget) and xterm's custom key handler (so xterm never turns Ctrl+1 into
 * input, even if an event reaches it). Whichever sees an event first runs the action; the
 * other recognises it and only tells xterm to ignore it.
 */
import { keyContextOf, shortcutFor, type ShortcutAction } from './shortcuts.ts';

export class ShortcutDispatcher {
  private readonly handled = new WeakSet<KeyboardEvent>();

  constructor(
    private readonly isMac: boolean,
    private readonly run: (action: ShortcutAction) => void,
  ) {}

  /**
   * Handle a key event; returns true if it is a shortcut (whether run now or already run), in
   * which case the caller must keep it away from the terminal.
   */
  handle(event: KeyboardEvent): boolean {
    const action = shortcutFor(event, this.isMac, keyContextOf(event.target));
    if (!action) return false;
    // keypress/keyup of a shortcut are swallowed too, but only keydown acts.
    if (event.type === 'keydown' && !this.handled.has(event)) {
      this.handled.add(event);
      event.preventDefault();
      this.run(action);
    }
    return true;
  }

  /** xterm's `attachCustomKeyEventHandler` contract: return false to make xterm skip the key. */
  readonly xtermKeyHandler = (event: KeyboardEvent): boolean => !this.handle(event);

  /** Install the capture-phase window listener; returns its disposer. */
  listen(target: Window): () => void {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (this.handle(event)) event.stopPropagation();
    };
    target.addEventListener('keydown', onKeyDown, { capture: true });
    return () => target.removeEventListener('keydown', onKeyDown, { capture: true });
  }
}
