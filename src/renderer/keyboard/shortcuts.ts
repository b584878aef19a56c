/**
 * The grid's keyboard shortcuts as a pure mapping from a key event to an action.
 *
 * Mod is Cmd on macOS and Ctrl elsewhere. Digits are matched by `code` (the physical key), so
 * layouts where the digit row types other characters (AZERTY) still work.
 */

export type ShortcutAction =
  /** Focus pane N (0-based index; Mod+1 is index 0). */
  | { type: 'focus-pane'; index: number }
  /** Maximize the focused pane, or restore the grid. */
  | { type: 'toggle-maximize' };

/** The fields of a KeyboardEvent the mapping reads. */
export interface KeyChord {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

const DIGIT_CODE = /^(?:Digit|Numpad)([1-9])$/;

/** The action for a key chord, or null when it is not one of ours (then the terminal gets it). */
export function shortcutFor(chord: KeyChord, isMac: boolean): ShortcutAction | null {
  const mod = isMac ? chord.metaKey && !chord.ctrlKey : chord.ctrlKey && !chord.metaKey;
  if (!mod || chord.altKey) return null;
  if (chord.shiftKey) return chord.key === 'Enter' ? { type: 'toggle-maximize' } : null;
  const digit = DIGIT_CODE.exec(chord.code)?.[1] ?? (/^[1-9]$/.test(chord.key) ? chord.key : undefined);
  return digit === undefined ? null : { type: 'focus-pane', index: Number(digit) - 1 };
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
