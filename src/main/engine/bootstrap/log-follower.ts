/**
 * The program a bootstrap pane runs: print a worktree's bootstrap log, follow it while the
 * bootstrap runs, then exit with 0 (ready) or 1 (failed).
 *
 * It is a terminal session like any other (so the renderer shows, scrolls and restores it like any
 * pane), running this fixed script with the Node that runs the engine. The script is a constant:
 * the only inputs are the two file paths, passed as arguments.
 */
import type { CreateSessionInput } from '../../../shared/protocol/terminals.ts';
import type { BootstrapFiles } from './bootstrap-store.ts';

/** How often the follower looks for new output and for the end. */
const POLL_MS = 120;

const FOLLOWER_SOURCE = `
const fs = require('node:fs/promises');
const [logFile, stateFile] = process.argv.slice(1);
let offset = 0;
async function drain() {
  const handle = await fs.open(logFile, 'r').catch(() => null);
  if (!handle) return;
  try {
    for (;;) {
      const buffer = Buffer.alloc(65536);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      process.stdout.write(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}
async function status() {
  try {
    const stored = JSON.parse(await fs.readFile(stateFile, 'utf8'));
    const state = stored.state;
    if (state.status === 'running' || state.status === 'pending') {
      try { process.kill(stored.pid, 0); } catch (error) {
        if (error.code !== 'EPERM') return { ...state, status: 'failed', error: 'interrupted' };
      }
    }
    return state;
  } catch {
    return null;
  }
}
(async () => {
  for (;;) {
    await drain();
    const state = await status();
    if (!state) { process.stdout.write('No setup has run for this worktree.\\n'); process.exit(1); }
    if (state.status === 'ready' || state.status === 'failed') {
      await drain();
      const ok = state.status === 'ready';
      process.stdout.write(ok ? '\\n\\x1b[32m✔ Worktree ready\\x1b[0m\\n' : '\\n\\x1b[31m✘ Setup failed' + (state.error ? ': ' + state.error : '') + '\\x1b[0m\\n');
      process.exit(ok ? 0 : 1);
    }
    await new Promise((resolve) => setTimeout(resolve, ${POLL_MS}));
  }
})();
`;

/** The terminal session that shows (and follows) a bootstrap log. */
export function followerSession(
  files: BootstrapFiles,
  options: { cwd: string; repoId: string | null; title: string; cols: number; rows: number },
): CreateSessionInput {
  // Inside the desktop app the engine runs as Electron-as-Node; the session must too.
  const env: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  return {
    cwd: options.cwd,
    repoId: options.repoId,
    command: process.execPath,
    args: ['-e', FOLLOWER_SOURCE, files.log, files.state],
    env,
    title: options.title,
    cols: options.cols,
    rows: options.rows,
  };
}
