/**
 * xterm options shared by every pane: font and the dark palette that matches the app's CSS.
 */
import type { ITerminalOptions } from '@xterm/xterm';
import { SCROLLBACK_LINES } from '../../shared/protocol/flow-control.ts';

export const TERMINAL_OPTIONS: ITerminalOptions = {
  fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: 13,
  lineHeight: 1.1,
  scrollback: SCROLLBACK_LINES,
  cursorBlink: true,
  allowTransparency: false,
  theme: {
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
