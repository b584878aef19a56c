/**
 * xterm options shared by every pane: font, scrollback and the starting palette.
 */
import type { ITerminalOptions } from '@xterm/xterm';
import { SCROLLBACK_LINES } from '../../shared/protocol/flow-control.ts';
import { PALETTES } from '../theme/palettes.ts';

export const TERMINAL_OPTIONS: ITerminalOptions = {
  fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
  fontSize: 13,
  lineHeight: 1.1,
  scrollback: SCROLLBACK_LINES,
  cursorBlink: true,
  allowTransparency: false,
  // The dark palette until the theme service applies the user's (src/renderer/theme/palettes.ts).
  theme: PALETTES.dark.terminal,
};
