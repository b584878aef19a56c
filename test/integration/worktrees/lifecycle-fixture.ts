/**
 * A repository in its own temp folder (so the default `../<repo>.worktrees` is cleaned up too)
 * and the worktree services wired like the engine does, with a fake PATH for package managers.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { Worktree } from '../../../src/shared/protocol/worktrees.ts';
import type { Result } from '../../../src/shared/result.ts';
import { BootstrapService } from '../../../src/main/engine/bootstrap/bootstrap-service.ts';
import type { CopyBudget } from '../../../src/main/engine/bootstrap/copy-budget.ts';
import { PortService } from '../../../src/main/engine/ports/port-service.ts';
import { RepoService } from '../../../src/main/engine/repos/repo-service.ts';
import { TrustService } from '../../../src/main/engine/trust/trust-service.ts';
import { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';
import { WorktreeService } from '../../../src/main/engine/worktrees/worktree-service.ts';
import { worktreeSessions } from '../../../src/main/engine/worktrees/worktree-sessions.ts';
import { makeRepo, makeTempDir, type MakeRepoOptions } from '../../helpers/git-repo.ts';

export interface LifecycleFixture {
  root: string;
  home: string;
  repoPath: string;
  repoId: string;
  /** Folder on PATH first: drop fake `npm`, `pnpm` … scripts here. */
  binDir: string;
  repos: RepoService;
  ports: PortService;
  bootstrap: BootstrapService;
  worktrees: WorktreeService;
  trust: TrustService;
  /** The default worktree folder, `<root>/<repo>.worktrees`. */
  worktreeDir: string;
}

export async function lifecycleFixture(
  options: MakeRepoOptions & { repoName?: string; copyBudget?: CopyBudget } = {},
): Promise<LifecycleFixture> {
  const root = makeTempDir('ao-life-');
  const repoPath = makeRepo({ ...options, path: path.join(root, options.repoName ?? 'repo') });
  const home = path.join(root, 'home');
  const binDir = path.join(root, 'bin');
  mkdirSync(binDir);
  const repos = new RepoService({ home, userHomeDir: root });
  await repos.load();
  const added = await repos.add(repoPath);
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
  const { lifecycle, ports, bootstrap, trust } = lifecycleDeps({ home, root, repos, env, ...(options.copyBudget ? { copyBudget: options.copyBudget } : {}) });
  const worktrees = new WorktreeService({ repos, lifecycle });
  onTestFinished(() => worktrees.dispose());
  return {
    root,
    home,
    repoPath,
    repoId: added.value.id,
    binDir,
    repos,
    ports,
    bootstrap,
    worktrees,
    trust,
    worktreeDir: path.join(root, `${options.repoName ?? 'repo'}.worktrees`),
  };
}

/**
 * What the worktree service needs, wired like the engine does from real services: ports, trust,
 * bootstrap whose log panes are real terminal sessions, and the sessions running in a worktree
 * (stopped before its folder goes). Disposed when the test finishes.
 */
export function lifecycleDeps(options: { home: string; root: string; repos: RepoService; env?: NodeJS.ProcessEnv; copyBudget?: CopyBudget }) {
  const { home, root, repos } = options;
  const ports = new PortService({ home });
  const terminals = new TerminalService({ home: path.join(home, 'state'), ...(options.env ? { env: options.env } : {}) });
  const bootstrap = new BootstrapService({
    home,
    ports,
    ...(options.env ? { env: options.env } : {}),
    ...(options.copyBudget ? { copyBudget: options.copyBudget } : {}),
    openSession: (input) => terminals.create(input),
  });
  const trust = new TrustService({ home, repo: (repoId) => repos.get(repoId) });
  const sessions = worktreeSessions(terminals, () => null);
  onTestFinished(async () => {
    await bootstrap.dispose();
    await terminals.dispose();
  });
  return { lifecycle: { home, bootstrap, ports, trust, sessions, userHomeDir: root }, ports, bootstrap, trust, terminals };
}

/**
 * Write the repository's `agent-orchestrator.json` and, unless `trust` is false, trust exactly
 * that content (as a user who reviewed it would), so its setup and teardown run.
 */
export async function writeConfig(fixture: LifecycleFixture, text: string, options: { trust?: boolean } = {}): Promise<void> {
  writeFileSync(path.join(fixture.repoPath, 'agent-orchestrator.json'), text);
  if (options.trust === false) return;
  const current = await fixture.trust.get(fixture.repoId);
  if (!current.ok) throw new Error(JSON.stringify(current.error));
  const granted = await fixture.trust.grant(fixture.repoId, current.value.configHash);
  if (!granted.ok) throw new Error(JSON.stringify(granted.error));
}

/** Write an executable script into the fake bin folder. */
export function fakeCommand(fixture: LifecycleFixture, name: string, script: string): string {
  const file = path.join(fixture.binDir, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export async function listOk(fixture: LifecycleFixture): Promise<Worktree[]> {
  return unwrap(await fixture.worktrees.list(fixture.repoId));
}
