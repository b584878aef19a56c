/**
 * The user's own Claude Code status line, so the app's status-line helper can run it and pass its
 * output through (the app's `--settings` layer would otherwise replace it for app sessions).
 *
 * Read-only: the settings files Claude Code itself reads, highest precedence first (the project's
 * local and shared settings, then the user's). Files that are missing or unreadable are skipped.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The `statusLine.command` Claude Code would use in `cwd`, or null when none is configured. */
export async function findUserStatusLine(cwd: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const configDir = (env.CLAUDE_CONFIG_DIR?.split(',')[0] ?? '').trim() || path.join(env.HOME || os.homedir(), '.claude');
  const files = [
    path.join(cwd, '.claude', 'settings.local.json'),
    path.join(cwd, '.claude', 'settings.json'),
    path.join(configDir, 'settings.json'),
  ];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue;
    try {
      const statusLine = (JSON.parse(text) as { statusLine?: { type?: unknown; command?: unknown } }).statusLine;
      if (statusLine && statusLine.type === 'command' && typeof statusLine.command === 'string' && statusLine.command.trim()) {
        return statusLine.command;
      }
    } catch {
      // A broken settings file is Claude Code's to report; it sets no status line here.
    }
  }
  return null;
}
