/**
 * `window.__aoDebug`: a read-only window into the terminals for end-to-end tests.
 *
 * With the WebGL renderer the terminal's text is drawn on a canvas, so tests cannot read it from
 * the DOM (`.xterm-rows` only exists with the DOM renderer). This hook returns the same text the
 * user already sees on screen, exposes no input or control, and so is harmless in production.
 *
 * - `__aoDebug.screenText(sessionId)`: scrollback + screen as plain text (null if unknown).
 * - `__aoDebug.sessionIds()`: session ids that have a terminal in this window.
 * - `__aoDebug.renderer(sessionId)`: `'webgl'`, `'dom'` or `'none'`.
 * - `__aoDebug.viewport(sessionId)`: `{ viewportY, baseY }`, the scroll position (null if unknown).
 * - `__aoDebug.scrollback(sessionId)`: `{ bound, lines }`, the scrollback bound and the lines the
 *   buffer holds (background panes are trimmed; null if unknown).
 * - `__aoDebug.whenCursorLineEndsWith(sessionId, suffix, timeoutMs)`: the `performance.now()` at
 *   which the cursor's line next ends with `suffix` as output is parsed (null on timeout);
 *   `__aoDebug.outputBytes()`: output bytes received per session. For bench/echo-browser.
 *
 * Panes carry `data-testid="terminal-pane"` and `data-session-id`, so a test can find a pane by
 * its title and then read its text through the hook.
 */
import type { RendererKind, TerminalRegistry } from './terminal-registry.ts';

export interface AoDebug {
  screenText(sessionId: string): string | null;
  sessionIds(): string[];
  renderer(sessionId: string): RendererKind;
  viewport(sessionId: string): { viewportY: number; baseY: number } | null;
  scrollback(sessionId: string): { bound: number; lines: number } | null;
  whenCursorLineEndsWith(sessionId: string, suffix: string, timeoutMs: number): Promise<number | null>;
  outputBytes(): Record<string, number>;
}

export const DEBUG_HOOK_KEY = '__aoDebug';

/** Install the hook on `win`; returns the disposer. */
export function installDebugHook(win: Window, registry: TerminalRegistry): () => void {
  const hook: AoDebug = Object.freeze({
    screenText: (sessionId: string) => registry.screenText(sessionId),
    sessionIds: () => registry.sessionIds(),
    renderer: (sessionId: string) => registry.rendererOf(sessionId),
    viewport: (sessionId: string) => registry.viewportOf(sessionId),
    scrollback: (sessionId: string) => registry.scrollbackOf(sessionId),
    whenCursorLineEndsWith: (sessionId: string, suffix: string, timeoutMs: number) => registry.whenCursorLineEndsWith(sessionId, suffix, timeoutMs),
    outputBytes: () => registry.outputBytes(),
  });
  Reflect.set(win, DEBUG_HOOK_KEY, hook);
  return () => {
    Reflect.deleteProperty(win, DEBUG_HOOK_KEY);
  };
}
