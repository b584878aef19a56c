/**
 * The two themes' colors: the one source for the app's CSS variables, the terminals' palette and
 * the charts. A unit test checks every text/background pair that carries meaning against WCAG AA
 * (4.5:1 for text, 3:1 for large text and graphics such as badges' borders and status dots).
 */
import type { ITheme } from '@xterm/xterm';

export type ThemeName = 'dark' | 'light';

/** CSS custom properties, without the leading `--`. */
export type UiColors = Readonly<Record<UiColorName, string>>;

export type UiColorName =
  | 'bg'
  | 'bg-raised'
  | 'bg-sunken'
  | 'bg-hover'
  | 'bg-selected'
  | 'bg-focus'
  | 'bg-toast'
  | 'bg-overlay'
  | 'border'
  | 'border-strong'
  | 'border-hover'
  | 'text'
  | 'text-dim'
  | 'text-faint'
  | 'accent'
  | 'accent-dim'
  | 'accent-hover'
  | 'on-accent'
  | 'ok'
  | 'warn'
  | 'warn-bg'
  | 'warn-border'
  | 'warn-text'
  | 'danger'
  | 'danger-bg'
  | 'danger-bg-hover'
  | 'danger-border'
  | 'danger-on-bg'
  | 'terminal-bg'
  | 'shadow'
  | 'shadow-strong';

export interface Palette {
  ui: UiColors;
  terminal: ITheme;
}

const DARK: Palette = {
  ui: {
    bg: '#0f1115',
    'bg-raised': '#161920',
    'bg-sunken': '#0c0e12',
    'bg-hover': '#1d212a',
    'bg-selected': '#1a1e26',
    'bg-focus': '#18202d',
    'bg-toast': '#1b1f27',
    'bg-overlay': 'rgb(0 0 0 / 55%)',
    border: '#252a33',
    'border-strong': '#343b47',
    'border-hover': '#6a7484',
    text: '#d6d9df',
    'text-dim': '#9aa2b0',
    // Was #5f6775 (3.4:1 on the background): too faint for the hints it carries.
    'text-faint': '#868e9c',
    accent: '#5b9cff',
    'accent-dim': '#2b4a7a',
    'accent-hover': '#35598f',
    'on-accent': '#ffffff',
    ok: '#7fcf6a',
    warn: '#e5b95c',
    'warn-bg': '#2b2415',
    'warn-border': '#6b5a2a',
    'warn-text': '#f0d193',
    danger: '#ef6b73',
    'danger-bg': '#5a2328',
    'danger-bg-hover': '#6e2a31',
    'danger-border': '#8a343c',
    'danger-on-bg': '#ffe3e5',
    'terminal-bg': '#0c0e12',
    shadow: '0 6px 20px rgb(0 0 0 / 45%)',
    'shadow-strong': '0 12px 40px rgb(0 0 0 / 55%)',
  },
  terminal: {
    background: '#0c0e12',
    foreground: '#d6d9df',
    cursor: '#e6e9ef',
    cursorAccent: '#0c0e12',
    selectionBackground: '#3a4a6b',
    black: '#1b1e24',
    red: '#ef6b73',
    green: '#8fcf7a',
    yellow: '#e5c07b',
    blue: '#6aa8ff',
    magenta: '#c792ea',
    cyan: '#5fc7d6',
    white: '#d6d9df',
    brightBlack: '#5c6370',
    brightRed: '#ff8a91',
    brightGreen: '#a9e29a',
    brightYellow: '#f0d193',
    brightBlue: '#8fbfff',
    brightMagenta: '#dab0f5',
    brightCyan: '#7fdbe8',
    brightWhite: '#ffffff',
  },
};

const LIGHT: Palette = {
  ui: {
    bg: '#f6f7f9',
    'bg-raised': '#ffffff',
    'bg-sunken': '#eef0f3',
    'bg-hover': '#e6e9ee',
    'bg-selected': '#e3ebf8',
    'bg-focus': '#e6eefb',
    'bg-toast': '#ffffff',
    'bg-overlay': 'rgb(20 24 32 / 35%)',
    border: '#d8dce3',
    'border-strong': '#b9c0cb',
    'border-hover': '#767f8d',
    text: '#1d2128',
    'text-dim': '#4f5764',
    'text-faint': '#5f6774',
    accent: '#1f62c9',
    'accent-dim': '#d3e2fb',
    'accent-hover': '#bcd3f8',
    'on-accent': '#0d2d5e',
    ok: '#246a19',
    warn: '#8a5a00',
    'warn-bg': '#fff4d6',
    'warn-border': '#d9b44a',
    'warn-text': '#5c3d00',
    danger: '#c0303b',
    'danger-bg': '#fde3e5',
    'danger-bg-hover': '#fbd0d4',
    'danger-border': '#e28a92',
    'danger-on-bg': '#7a1620',
    'terminal-bg': '#ffffff',
    shadow: '0 6px 20px rgb(20 24 32 / 15%)',
    'shadow-strong': '0 12px 40px rgb(20 24 32 / 25%)',
  },
  terminal: {
    background: '#ffffff',
    foreground: '#1d2128',
    cursor: '#1d2128',
    cursorAccent: '#ffffff',
    selectionBackground: '#b6d0f7',
    black: '#1d2128',
    red: '#c0303b',
    green: '#2b7a1f',
    yellow: '#8a5a00',
    blue: '#1f62c9',
    magenta: '#8b3fb5',
    cyan: '#127a86',
    white: '#6b7380',
    brightBlack: '#5f6774',
    brightRed: '#d9404b',
    brightGreen: '#358f27',
    brightYellow: '#9e6a00',
    brightBlue: '#2f74dd',
    brightMagenta: '#9c4fc7',
    brightCyan: '#1a8c99',
    brightWhite: '#3a404a',
  },
};

export const PALETTES: Readonly<Record<ThemeName, Palette>> = { dark: DARK, light: LIGHT };
