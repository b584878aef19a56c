// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShortcutDispatcher } from '../../../src/renderer/keyboard/shortcut-dispatcher.ts';
import type { ShortcutAction } from '../../../src/renderer/keyboard/shortcuts.ts';

function key(type: string, init: KeyboardEventInit): KeyboardEvent {
  return new KeyboardEvent(type, { bubbles: true, cancelable: true, ...init });
}

describe('ShortcutDispatcher', () => {
  const disposers: Array<() => void> = [];
  afterEach(() => {
    for (const dispose of disposers.splice(0)) dispose();
    document.body.innerHTML = '';
  });

  it('runs a shortcut once when both the window listener and xterm see the same event', () => {
    const run = vi.fn<(action: ShortcutAction) => void>();
    const dispatcher = new ShortcutDispatcher(false, run);
    const event = key('keydown', { key: '2', code: 'Digit2', ctrlKey: true });

    expect(dispatcher.handle(event)).toBe(true);
    expect(dispatcher.xtermKeyHandler(event)).toBe(false);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith({ type: 'focus-pane', index: 1 });
    expect(event.defaultPrevented).toBe(true);
  });

  it('lets ordinary keys through to xterm and runs nothing', () => {
    const run = vi.fn();
    const dispatcher = new ShortcutDispatcher(false, run);
    expect(dispatcher.xtermKeyHandler(key('keydown', { key: 'c', code: 'KeyC', ctrlKey: true }))).toBe(true);
    expect(dispatcher.xtermKeyHandler(key('keydown', { key: 'a', code: 'KeyA' }))).toBe(true);
    expect(run).not.toHaveBeenCalled();
  });

  it('keeps keypress/keyup of a shortcut from xterm without running it again', () => {
    const run = vi.fn();
    const dispatcher = new ShortcutDispatcher(false, run);
    expect(dispatcher.xtermKeyHandler(key('keyup', { key: '1', code: 'Digit1', ctrlKey: true }))).toBe(false);
    expect(dispatcher.xtermKeyHandler(key('keypress', { key: '1', code: 'Digit1', ctrlKey: true }))).toBe(false);
    expect(run).not.toHaveBeenCalled();
  });

  it('catches shortcuts in the capture phase, before a focused element (the terminal) gets them', () => {
    const run = vi.fn();
    const dispatcher = new ShortcutDispatcher(false, run);
    disposers.push(dispatcher.listen(window));
    const textarea = document.createElement('textarea');
    document.body.appendChild(textarea);
    const reachedTextarea = vi.fn();
    textarea.addEventListener('keydown', reachedTextarea);

    textarea.dispatchEvent(key('keydown', { key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true }));
    expect(run).toHaveBeenCalledWith({ type: 'toggle-maximize' });
    expect(reachedTextarea).not.toHaveBeenCalled();

    textarea.dispatchEvent(key('keydown', { key: 'x', code: 'KeyX' }));
    expect(reachedTextarea).toHaveBeenCalledTimes(1);
  });

  it('stops listening after the disposer runs', () => {
    const run = vi.fn();
    const dispatcher = new ShortcutDispatcher(false, run);
    dispatcher.listen(window)();
    window.dispatchEvent(key('keydown', { key: '1', code: 'Digit1', ctrlKey: true }));
    expect(run).not.toHaveBeenCalled();
  });
});
