/**
 * A CI test world: a repository whose `origin` names `github.com/acme/widgets` but pushes to a
 * local bare repository (git's `insteadOf`), the fake GitHub server serving that repository (its
 * PR heads follow the bare repository's branches), a worktree on a pushed branch, the fake agents
 * on PATH recording every prompt they get, and an engine on short CI intervals.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { CiStatus, CiWorktree } from '../../../src/shared/protocol/ci.ts';
import { startFakeGitHub, type FakeGitHub, type FakeRepo } from '../../helpers/fake-github.ts';
import { addWorktree, git, makeBareRepo, makeCommit, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';
import { FAKE_AGENTS_BIN, runEngine, writeSettings, type RunningEngine } from '../agents/agent-fixture.ts';

export const REMOTE = 'https://github.com/acme/widgets.git';

export interface CiWorld {
  root: string;
  home: string;
  repo: string;
  bare: string | null;
  worktree: string;
  env: NodeJS.ProcessEnv;
  gh: FakeGitHub | null;
  ghRepo: FakeRepo | null;
  /** Where the fake agents record the prompts they receive. */
  record: string;
}

const fakes = new Set<FakeGitHub>();
afterEach(async () => {
  await Promise.all([...fakes].map((gh) => gh.close()));
  fakes.clear();
});

export async function makeCiWorld(options: { remote?: boolean; agentCommits?: 'commit' | 'push'; config?: object; token?: string } = {}): Promise<CiWorld> {
  const root = makeTempDir('ao-ci-');
  const repo = makeRepo({ path: path.join(root, 'widgets') });
  if (options.config) {
    writeFileSync(path.join(repo, 'agent-orchestrator.json'), JSON.stringify(options.config));
    git(repo, 'add', 'agent-orchestrator.json');
    git(repo, 'commit', '-q', '-m', 'config');
  }
  let bare: string | null = null;
  let gh: FakeGitHub | null = null;
  let ghRepo: FakeRepo | null = null;
  const worktree = addWorktree(repo, path.join(root, 'wt-one'), 'feat/one');
  makeCommit(worktree, { files: { 'src/one.ts': 'export const one = 1;\n' }, message: 'add one' });
  if (options.remote !== false) {
    bare = makeBareRepo({ path: path.join(root, 'remote.git') });
    git(repo, 'remote', 'add', 'origin', REMOTE);
    git(repo, 'config', `url.${bare}.insteadOf`, REMOTE);
    git(repo, 'push', '-q', 'origin', 'main');
    git(worktree, 'push', '-q', '-u', 'origin', 'feat/one');
    gh = await startFakeGitHub();
    fakes.add(gh);
    ghRepo = gh.repo('acme', 'widgets', { gitDir: bare });
  }
  const record = path.join(root, 'prompts.jsonl');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${FAKE_AGENTS_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    CODEX_HOME: path.join(root, 'codex-home'),
    CLAUDE_CONFIG_DIR: path.join(root, 'claude-home'),
    FAKE_AGENT_WORK_MS: '600',
    FAKE_AGENT_RECORD: record,
    ...(options.agentCommits ? { FAKE_AGENT_COMMIT: options.agentCommits } : {}),
    GITHUB_API_URL: gh?.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_TOKEN: options.token ?? gh?.token ?? '',
    GH_TOKEN: '',
  };
  const home = path.join(root, 'home');
  return { root, home, repo, bare, worktree, env, gh, ghRepo, record };
}

export async function startCiEngine(world: CiWorld, ci: { typingQuietMs?: number; policy?: { maxAttempts?: number; escalateAfterMs?: number } } = {}): Promise<RunningEngine> {
  if (!existsSync(path.join(world.home, 'settings.json'))) {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, {});
  }
  return runEngine(
    { home: world.home, env: world.env, repo: world.repo, worktrees: [world.worktree, world.worktree], codexHome: '', claudeHome: '', geminiDir: '', opencodeStorage: '' },
    { ci: { pollMs: 150, maxBackoffMs: 1_000, typingQuietMs: ci.typingQuietMs ?? 300, ...(ci.policy ? { policy: ci.policy } : {}) } },
  );
}

/** Prompts the fake agents received. */
export function prompts(world: CiWorld): string[] {
  if (!existsSync(world.record)) return [];
  return readFileSync(world.record, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
}

/** The worktree's CI state once `predicate` holds (re-checked on every `ci.changed` and poll). */
export function waitForCi(running: RunningEngine, worktree: string, predicate: (w: CiWorktree, s: CiStatus) => boolean, timeoutMs = 45_000): Promise<CiWorktree> {
  const ci = running.engine.ci;
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const status = ci.current();
      const entry = status.worktrees.find((w) => w.worktree === worktree);
      if (entry && predicate(entry, status)) {
        done();
        resolve(entry);
        return true;
      }
      return false;
    };
    const stopChange = ci.onDidChange(() => void check());
    const stopPoll = ci.onDidPoll(() => void check());
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for CI state; now: ${JSON.stringify(ci.current().worktrees.find((w) => w.worktree === worktree), null, 1)}`));
    }, timeoutMs);
    function done(): void {
      clearTimeout(timer);
      stopChange();
      stopPoll();
    }
    check();
  });
}

/** Until the fake agents recorded `count` prompts (a separate process writes the file). */
export async function waitForPrompts(world: CiWorld, count: number, timeoutMs = 45_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = prompts(world);
    if (got.length >= count) return got;
    if (Date.now() > deadline) throw new Error(`expected ${count} prompts, got ${got.length}: ${JSON.stringify(got)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The commit a branch points at in the bare remote. */
export function remoteSha(world: CiWorld, branch: string): string {
  return git(world.bare!, 'rev-parse', `refs/heads/${branch}`);
}

/** The commit a branch points at in the bare remote once its subject matches (an agent pushes from its own process). */
export async function waitForRemoteCommit(world: CiWorld, branch: string, subject: RegExp, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [sha = '', ...words] = git(world.bare!, 'log', '-1', '--format=%H %s', `refs/heads/${branch}`).split(' ');
    if (subject.test(words.join(' '))) return sha;
    if (Date.now() > deadline) throw new Error(`${branch} never got a commit matching ${subject}; last: ${words.join(' ')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
