/**
 * The `worktrees.*` procedures: thin handlers over the worktree service; the setup-log ones over
 * the bootstrap service, built only when one of them is called.
 */
import { implement } from '@orpc/server';
import { worktreesContract } from '../../../shared/protocol/worktrees.ts';
import type { ServiceProvider } from '../services.ts';
import type { WorktreeService } from './worktree-service.ts';

export function worktreesRouter(worktrees: WorktreeService, services: ServiceProvider) {
  const os = implement(worktreesContract);
  return os.router({
    list: os.list.handler(({ input }) => worktrees.list(input.repoId)),
    create: os.create.handler(({ input }) => worktrees.create(input)),
    remove: os.remove.handler(({ input }) => worktrees.remove(input)),
    archive: os.archive.handler(({ input }) => worktrees.archive(input)),
    archivePreview: os.archivePreview.handler(({ input }) => worktrees.archivePreview(input)),
    restore: os.restore.handler(({ input }) => worktrees.restore(input)),
    prune: os.prune.handler(({ input }) => worktrees.prune(input)),
    archives: os.archives.handler(({ input }) => worktrees.archives(input.repoId)),
    bootstrap: os.bootstrap.handler(({ input }) => worktrees.bootstrap(input)),
    bootstrapLog: os.bootstrapLog.handler(async ({ input }) => (await services.get('bootstrap')).readLog(input.path, input.offset)),
    openBootstrapLog: os.openBootstrapLog.handler(async ({ input }) =>
      (await services.get('bootstrap')).openLogSession(input.path, { repoId: input.repoId, cols: input.cols, rows: input.rows }),
    ),
    config: os.config.handler(({ input }) => worktrees.config(input.repoId)),
  });
}
