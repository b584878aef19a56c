import { describe, expect, it } from 'vitest';
import { isMacPlatform, shortcutFor, shortcutLabel, type KeyChord } from '../../../src/renderer/keyboard/shortcuts.ts';

function chord(partial: Partial<KeyChord>): KeyChord {
  return { key: '', code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...partial };
}

describe('shortcutFor', () => {
  it('maps Ctrl+1..9 to focusing panes 0..8 off macOS', () => {
    for (let n = 1; n <= 9; n++) {
      expect(shortcutFor(chord({ key: String(n), code: `Digit${n}`, ctrlKey: true }), false)).toEqual({
        type: 'focus-pane',
        index: n - 1,
      });
    }
  });

  it('uses Cmd on macOS and leaves Ctrl+digit to the terminal there', () => {
    expect(shortcutFor(chord({ key: '3', code: 'Digit3', metaKey: true }), true)).toEqual({ type: 'focus-pane', index: 2 });
    expect(shortcutFor(chord({ key: '3', code: 'Digit3', ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(chord({ key: '3', code: 'Digit3', metaKey: true }), false)).toBeNull();
  });

  it('matches the physical digit key, so AZERTY (where Digit1 types "&") works', () => {
    expect(shortcutFor(chord({ key: '&', code: 'Digit1', ctrlKey: true }), false)).toEqual({ type: 'focus-pane', index: 0 });
  });

  it('accepts the numeric keypad', () => {
    expect(shortcutFor(chord({ key: '5', code: 'Numpad5', ctrlKey: true }), false)).toEqual({ type: 'focus-pane', index: 4 });
  });

  it('ignores 0, letters, Alt and Ctrl+Cmd combinations', () => {
    expect(shortcutFor(chord({ key: '0', code: 'Digit0', ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(chord({ key: 'c', code: 'KeyC', ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(chord({ key: '1', code: 'Digit1', ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(chord({ key: '1', code: 'Digit1', ctrlKey: true, metaKey: true }), false)).toBeNull();
    expect(shortcutFor(chord({ key: '1', code: 'Digit1' }), false)).toBeNull();
  });

  it('maps Mod+Shift+Enter to toggling maximize, but not plain or Shift-less Enter', () => {
    expect(shortcutFor(chord({ key: 'Enter', code: 'Enter', ctrlKey: true, shiftKey: true }), false)).toEqual({
      type: 'toggle-maximize',
    });
    expect(shortcutFor(chord({ key: 'Enter', code: 'Enter', metaKey: true, shiftKey: true }), true)).toEqual({
      type: 'toggle-maximize',
    });
    expect(shortcutFor(chord({ key: 'Enter', code: 'Enter', ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(chord({ key: 'Enter', code: 'Enter', shiftKey: true }), false)).toBeNull();
  });

  it('does not treat Mod+Shift+digit (e.g. Ctrl+Shift+1) as focusing a pane', () => {
    expect(shortcutFor(chord({ key: '!', code: 'Digit1', ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });
});

describe('isMacPlatform / shortcutLabel', () => {
  it('recognises navigator.platform and process.platform spellings', () => {
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('darwin')).toBe(true);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(isMacPlatform('win32')).toBe(false);
  });

  it('labels shortcuts the way each platform writes them', () => {
    expect(shortcutLabel(false, { shift: true, key: 'Enter' })).toBe('Ctrl+Shift+Enter');
    expect(shortcutLabel(true, { shift: true, key: 'Enter' })).toBe('⌘⇧Enter');
    expect(shortcutLabel(false, { key: '2' })).toBe('Ctrl+2');
  });
});
