/**
 * The terminal session a bootstrap pane runs: the `follow-log` program (`follow-log.ts`) on a
 * worktree's log and state files.
 *
 * It is a terminal session like any other (so the renderer shows, scrolls and restores it like any
 * pane), run with the Node that runs the engine. The program is fixed: the only inputs are the
 * two file paths, passed as arguments.
 */
import type { CreateSessionInput } from '../../../shared/protocol/terminals.ts';
import { programArgs } from '../programs/index.ts';
import type { BootstrapFiles } from './bootstrap-store.ts';

/** The terminal session that shows (and follows) a bootstrap log. */
export async function followerSession(
  files: BootstrapFiles,
  /** Where a from-source run bundles the program (the data folder's `bin`). */
  programsDir: string,
  options: { cwd: string; repoId: string | null; title: string; cols: number; rows: number },
): Promise<CreateSessionInput> {
  // Inside the desktop app the engine runs as Electron-as-Node; the session must too.
  const env: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  return {
    cwd: options.cwd,
    repoId: options.repoId,
    command: process.execPath,
    args: [...(await programArgs('follow-log', programsDir)), files.log, files.state],
    env,
    title: options.title,
    cols: options.cols,
    rows: options.rows,
  };
}

/** Whether a session is a setup-log viewer (stopping it loses nothing, so nobody is asked). */
export function isFollowerSession(session: { args: readonly string[] }): boolean {
  // The program's script is among the arguments, bundled (follow-log.mjs) or from source (.ts).
  return session.args.some((arg) => /[\\/]follow-log\.(?:mjs|ts)$/.test(arg));
}
