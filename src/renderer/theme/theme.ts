/**
 * Light and dark themes: follow the OS (`prefers-color-scheme`) unless the user picked one.
 *
 * The choice is a per-browser preference (localStorage), like a terminal's profile: web mode and
 * the desktop window each remember theirs. Applying a theme sets the CSS variables on the root
 * element (dialogs, menus and charts read them) and tells listeners (the terminal registry
 * repaints every terminal with the theme's palette).
 */
import { PALETTES, type ThemeName } from './palettes.ts';

export type ThemePreference = 'system' | ThemeName;

const STORAGE_KEY = 'agent-orchestrator.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme a preference means, given what the OS prefers. */
export function resolveTheme(preference: ThemePreference, osPrefersDark: boolean): ThemeName {
  if (preference === 'system') return osPrefersDark ? 'dark' : 'light';
  return preference;
}

export function isThemePreference(value: unknown): value is ThemePreference {
  return value === 'system' || value === 'dark' || value === 'light';
}

export interface ThemeState {
  preference: ThemePreference;
  theme: ThemeName;
}

/** Owns the theme of one window. */
export class ThemeController {
  private state: ThemeState;
  private readonly listeners = new Set<(state: ThemeState) => void>();
  private readonly media: MediaQueryList | null;

  constructor(private readonly window: Window) {
    this.media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
    let stored: string | null = null;
    try {
      stored = window.localStorage.getItem(STORAGE_KEY);
    } catch {
      // Storage can be disabled (privacy settings); the OS preference still applies.
    }
    const preference = isThemePreference(stored) ? stored : 'system';
    this.state = { preference, theme: resolveTheme(preference, this.osPrefersDark()) };
    this.media?.addEventListener('change', () => this.update(this.state.preference));
    this.apply();
  }

  get(): ThemeState {
    return this.state;
  }

  /** Pick a theme, or 'system' to follow the OS again. */
  setPreference(preference: ThemePreference): void {
    try {
      this.window.localStorage.setItem(STORAGE_KEY, preference);
    } catch {
      // Not remembered, but applied for this session.
    }
    this.update(preference);
  }

  /** The next preference in system → light → dark (the palette's "toggle theme"). */
  cycle(): void {
    const order: ThemePreference[] = ['system', 'light', 'dark'];
    this.setPreference(order[(order.indexOf(this.state.preference) + 1) % order.length] ?? 'system');
  }

  subscribe(listener: (state: ThemeState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private osPrefersDark(): boolean {
    return this.media?.matches ?? true;
  }

  private update(preference: ThemePreference): void {
    const theme = resolveTheme(preference, this.osPrefersDark());
    if (preference === this.state.preference && theme === this.state.theme) return;
    this.state = { preference, theme };
    this.apply();
    for (const listener of this.listeners) listener(this.state);
  }

  private apply(): void {
    const root = this.window.document.documentElement;
    const palette = PALETTES[this.state.theme];
    for (const [name, value] of Object.entries(palette.ui)) root.style.setProperty(`--${name}`, value);
    root.dataset.theme = this.state.theme;
    root.style.colorScheme = this.state.theme;
  }
}
