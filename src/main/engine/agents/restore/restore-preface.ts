/**
 * What a restored session shows above its new process: the previous screen and scrollback,
 * then a line saying what happened.
 *
 * The old snapshot is replayed into the new session's screen mirror, the terminal modes the old
 * program left on (alternate screen, mouse reporting, bracketed paste, hidden cursor, colours)
 * are reset, and the old screen is scrolled up into the scrollback, so the new program starts on
 * a clean screen whatever it draws and the old text stays one scroll away.
 */

/** Leave the alternate screen, stop mouse reporting and bracketed paste, show the cursor, plain colours, soft reset. */
const RESET_MODES = '\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?2004l\x1b[?1l\x1b[?25h\x1b[0m\x1b[!p';

/** Build the preface: old snapshot, mode reset, the old screen scrolled away, a banner line. */
export function restorePreface(snapshot: string, rows: number, banner: string): string {
  const scrollAway = `\x1b[${rows};1H${'\r\n'.repeat(Math.max(1, rows))}`;
  const line = `\x1b[2m── ${banner} ──\x1b[0m\r\n`;
  return `${snapshot}${RESET_MODES}${scrollAway}\x1b[H${line}`;
}

/** Banner text for each way a session comes back. */
export function restoreBanner(kind: 'resumed' | 'continued' | 'shell', agentName: string, when: Date): string {
  const time = when.toISOString().slice(0, 16).replace('T', ' ');
  switch (kind) {
    case 'resumed':
      return `engine restarted ${time} UTC · ${agentName} resumed`;
    case 'continued':
      return `engine restarted ${time} UTC · ${agentName} continued from its last session`;
    case 'shell':
      return `engine restarted ${time} UTC · ${agentName} cannot resume; shell in the same worktree`;
  }
}
