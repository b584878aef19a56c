/**
 * The worktree services alone, for a one-shot process (the CLI's `worktree` commands).
 *
 * The CLI runs these in-process on the same data directory as the app instead of talking to a
 * running engine: git is the source of truth, and the little state they keep (repos.json,
 * ports.json under a lock, one bootstrap file per worktree) is written atomically and read fresh
 * by the app, so it works the same whether the app is open or not. Terminal sessions and the
 * layout are deliberately not loaded: their files belong to the app's engine.
 */
import { mkdir } from 'node:fs/promises';
import { BootstrapService } from '../bootstrap/bootstrap-service.ts';
import { defaultHome } from '../paths.ts';
import { PortService } from '../ports/port-service.ts';
import { RepoService } from '../repos/repo-service.ts';
import { WorktreeService } from './worktree-service.ts';

export interface WorktreeEngine {
  home: string;
  repos: RepoService;
  worktrees: WorktreeService;
  bootstrap: BootstrapService;
  ports: PortService;
  dispose(): Promise<void>;
}

/** Build and load the worktree services on `home` (default: the app's data directory). */
export async function startWorktreeEngine(options: { home?: string; env?: NodeJS.ProcessEnv } = {}): Promise<WorktreeEngine> {
  const home = options.home ?? defaultHome();
  await mkdir(home, { recursive: true });
  const repos = new RepoService({ home });
  await repos.load();
  const ports = new PortService({ home });
  const bootstrap = new BootstrapService({ home, ports, ...(options.env ? { env: options.env } : {}) });
  const worktrees = new WorktreeService({ repos, lifecycle: { home, bootstrap, ports } });
  return {
    home,
    repos,
    worktrees,
    bootstrap,
    ports,
    async dispose() {
      worktrees.dispose();
      await bootstrap.dispose();
    },
  };
}
