/**
 * The environment every terminal session in a worktree gets: its port block (`PORT`,
 * `AGENT_ORCHESTRATOR_PORT_0..N-1`) and where it is (`AGENT_ORCHESTRATOR_WORKTREE_PATH`, …).
 *
 * Plugged into `TerminalService` as `envForCwd`. A worktree of a registered repository that has
 * no block yet (created outside the app, or the main checkout) gets one on its first session.
 */
import { worktreeVariables } from '../bootstrap/index.ts';
import { revParseToplevel } from '../git/rev-parse.ts';
import { DEFAULT_PORT_RANGE, portEnv, type PortService } from '../ports/index.ts';
import { loadRepoConfig } from '../repo-config/index.ts';
import { resolveMainWorktree } from '../repos/index.ts';
import type { RepoService } from '../repos/index.ts';

export interface WorktreeEnvOptions {
  repos: RepoService;
  ports: PortService;
  home: string;
}

/** Build the `envForCwd` hook. Never rejects: outside any registered repository it returns `{}`. */
export function createWorktreeEnvResolver(options: WorktreeEnvOptions): (cwd: string) => Promise<Record<string, string>> {
  const { repos, ports, home } = options;
  return async (cwd) => {
    try {
      const reserved = await ports.findFor(cwd);
      if (reserved) {
        const repo = repos.get(reserved.repoId);
        return { ...(repo ? worktreeVariables(repo.path, reserved.path, null) : {}), ...portEnv(reserved) };
      }
      const top = await revParseToplevel(cwd);
      if (!top.ok) return {};
      const main = await resolveMainWorktree(top.value);
      if (!main.ok) return {};
      const repo = repos.list().find((candidate) => candidate.path === main.value);
      if (!repo) return {};
      const config = await loadRepoConfig(repo.path, home);
      const range = config.ok ? config.value.config.ports : DEFAULT_PORT_RANGE;
      const block = range.count > 0 ? await ports.reserve(repo.id, top.value, range) : null;
      return { ...worktreeVariables(repo.path, top.value, null), ...portEnv(block) };
    } catch {
      return {};
    }
  };
}
