/**
 * The app's keyboard shortcuts as a pure mapping from a key event to an action.
 *
 * Mod is Cmd on macOS and Ctrl elsewhere. Digits are matched by `code` (the physical key), so
 * layouts where the digit row types other characters (AZERTY) still work.
 *
 * Where the keyboard is matters: a terminal owns Ctrl+letter (Ctrl+K kills to the end of the
 * line in every readline shell), and a text field owns `?`. So off macOS the palette is Ctrl+K
 * outside terminals and Ctrl+Shift+K (or Ctrl+Shift+P) everywhere; on macOS Cmd+K never reaches
 * a terminal, so it works everywhere. The shortcut sheet is `?` outside text and terminals, and
 * Mod+/ everywhere.
 */

export type ShortcutAction =
  /** Focus pane N (0-based index; Mod+1 is index 0). */
  | { type: 'focus-pane'; index: number }
  /** Maximize the focused pane, or restore the grid. */
  | { type: 'toggle-maximize' }
  | { type: 'command-palette' }
  | { type: 'shortcut-sheet' }
  | { type: 'toggle-sidebar' };

/** The fields of a KeyboardEvent the mapping reads. */
export interface KeyChord {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** Where the key press happens: in a terminal, a text field (input, textarea, select), or elsewhere. */
export type KeyContext = 'terminal' | 'text' | 'other';

const DIGIT_CODE = /^(?:Digit|Numpad)([1-9])$/;

/** The action for a key chord, or null when it is not one of ours (then the focused widget gets it). */
export function shortcutFor(chord: KeyChord, isMac: boolean, context: KeyContext = 'other'): ShortcutAction | null {
  const mod = isMac ? chord.metaKey && !chord.ctrlKey : chord.ctrlKey && !chord.metaKey;
  if (chord.altKey) return null;
  if (!mod) {
    const bare = !chord.ctrlKey && !chord.metaKey;
    return bare && chord.key === '?' && context === 'other' ? { type: 'shortcut-sheet' } : null;
  }
  if (chord.code === 'KeyK' || chord.key.toLowerCase() === 'k') {
    if (chord.shiftKey || isMac || context !== 'terminal') return { type: 'command-palette' };
    return null;
  }
  if (chord.shiftKey && (chord.code === 'KeyP' || chord.key.toLowerCase() === 'p')) return { type: 'command-palette' };
  if (chord.shiftKey && (chord.code === 'KeyB' || chord.key.toLowerCase() === 'b')) return { type: 'toggle-sidebar' };
  if (chord.code === 'Slash' || chord.key === '/') return { type: 'shortcut-sheet' };
  if (chord.shiftKey) return chord.key === 'Enter' ? { type: 'toggle-maximize' } : null;
  const digit = DIGIT_CODE.exec(chord.code)?.[1] ?? (/^[1-9]$/.test(chord.key) ? chord.key : undefined);
  return digit === undefined ? null : { type: 'focus-pane', index: Number(digit) - 1 };
}

/** Where a key event happens, from its target element. */
export function keyContextOf(target: EventTarget | null): KeyContext {
  const element = target as (Element & { isContentEditable?: boolean }) | null;
  if (!element || typeof element.closest !== 'function') return 'other';
  if (element.closest('.xterm')) return 'terminal';
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || element.isContentEditable) return 'text';
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    return ['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(type) ? 'other' : 'text';
  }
  return 'other';
}

/** Whether the platform's primary modifier is Cmd. */
export function isMacPlatform(platform: string): boolean {
  return /^(mac|darwin)/i.test(platform);
}

/** Human label of a shortcut for tooltips and hints, e.g. `Ctrl+Shift+Enter` or `⌘⇧Enter`. */
export function shortcutLabel(isMac: boolean, keys: { shift?: boolean; key: string }): string {
  if (isMac) return `⌘${keys.shift ? '⇧' : ''}${keys.key}`;
  return `Ctrl+${keys.shift ? 'Shift+' : ''}${keys.key}`;
}

/** The label of the palette's shortcut on this platform (the one that works everywhere). */
export function paletteShortcutLabel(isMac: boolean): string {
  return isMac ? shortcutLabel(true, { key: 'K' }) : shortcutLabel(false, { shift: true, key: 'K' });
}
