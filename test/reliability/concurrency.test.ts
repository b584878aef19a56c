/**
 * Concurrency (issue 12, suite item 12 and defect 6): agents committing in their worktrees while
 * the app's engine keeps refreshing status and many CLI processes create worktrees in the same
 * repository at once — each CLI run racing the others to register the repository, take port
 * blocks and write git config. Nothing may fail on a lock, nothing may be lost, no id may repeat.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startEngine } from '../../src/main/engine/index.ts';
import { runCli } from '../helpers/cli.ts';
import { addWorktree, git, makeRepo, makeTempDir, testGitEnv } from '../helpers/git-repo.ts';
import { recordSummary, size } from './suite.ts';

const AGENTS = 8;
const CREATES = size(8, 20);
const COMMITS_PER_AGENT = size(15, 40);

/** A fake agent: commits in its worktree in a loop, like an agent working. */
function committingAgent(worktree: string, commits: number): Promise<number | null> {
  const script = `for i in $(seq 1 ${commits}); do echo "$i" >> work.txt; git add work.txt && git commit -qm "step $i" || exit 1; done`;
  const child = spawn('sh', ['-c', script], { cwd: worktree, env: testGitEnv(), stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', resolve));
}

describe('concurrency', () => {
  it(`${AGENTS} agents commit while the engine refreshes and ${CREATES} CLI creates run in parallel: no lock error, nothing lost, no duplicate ids`, async () => {
    const started = Date.now();
    const root = makeTempDir('ao-conc-');
    const repo = makeRepo({ path: path.join(root, 'app'), files: { 'agent-orchestrator.json': JSON.stringify({ ports: 2, dependencies: 'none' }) } });
    const home = path.join(root, 'home');
    const agentTrees = Array.from({ length: AGENTS }, (_, i) => addWorktree(repo, path.join(root, `agent-${i}`), `agent/${i}`));
    const headsBefore = agentTrees.map((tree) => Number(git(tree, 'rev-list', '--count', 'HEAD')));

    // The app's engine, listing status in a loop the whole time (the UI refreshing).
    const engine = await startEngine({ home });
    onTestFinished(() => engine.dispose());
    let refreshing = true;
    let refreshes = 0;
    const refreshErrors: string[] = [];
    const refresher = (async () => {
      while (refreshing) {
        const repoId = engine.repos.list()[0]?.id;
        if (repoId) {
          const listed = await engine.worktrees.list(repoId);
          if (!listed.ok) refreshErrors.push(JSON.stringify(listed.error));
          refreshes++;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const env = { AGENT_ORCHESTRATOR_HOME: home };
    const agents = agentTrees.map((tree) => committingAgent(tree, COMMITS_PER_AGENT));
    // Every CLI run starts with the repository unregistered, so all of them race to add it.
    const creates = Array.from({ length: CREATES }, (_, i) => runCli(['worktree', 'create', `wt-${i}`, '--repo', repo, '--json'], env));
    const results = await Promise.all(creates);
    const agentCodes = await Promise.all(agents);
    refreshing = false;
    await refresher;

    const failures = results.filter((result) => result.code !== 0).map((result) => result.stderr);
    expect(failures).toEqual([]);
    expect(results.map((result) => result.stderr).join('')).not.toMatch(/lock/i);
    expect(agentCodes).toEqual(agentTrees.map(() => 0));
    expect(refreshErrors).toEqual([]);

    // Nothing lost: every agent's commits, every worktree, every recorded target.
    const lostCommits = agentTrees.reduce(
      (lost, tree, i) => lost + Math.max(0, headsBefore[i]! + COMMITS_PER_AGENT - Number(git(tree, 'rev-list', '--count', 'HEAD'))),
      0,
    );
    expect(lostCommits).toBe(0);
    const listed = git(repo, 'worktree', 'list', '--porcelain');
    const missingTrees = Array.from({ length: CREATES }, (_, i) => `wt-${i}`).filter((name) => !listed.includes(path.join(root, 'app.worktrees', name)));
    expect(missingTrees).toEqual([]);
    const targets = git(repo, 'config', '--get-regexp', '^branch\\..*\\.agentorchestratortarget$').trim().split('\n');
    expect(targets).toHaveLength(CREATES);

    // One registration, one id; port blocks all distinct.
    const repos = JSON.parse(readFileSync(path.join(home, 'repos.json'), 'utf8')).data.repos as { id: string; path: string }[];
    expect(repos.filter((entry) => entry.path === repo)).toHaveLength(1);
    const blocks = JSON.parse(readFileSync(path.join(home, 'ports.json'), 'utf8')).blocks as { start: number; count: number; path: string }[];
    expect(blocks).toHaveLength(CREATES);
    const ports = blocks.flatMap((block) => Array.from({ length: block.count }, (_, i) => block.start + i));
    expect(new Set(ports).size).toBe(ports.length);
    // The running engine sees the registration the CLI made.
    await engine.repos.refresh();
    expect(engine.repos.list().map((entry) => entry.path)).toEqual([repo]);

    recordSummary({
      suite: 'concurrency',
      faults: 0,
      operations: CREATES + AGENTS * COMMITS_PER_AGENT + refreshes,
      inputs: 0,
      dataLost: lostCommits + missingTrees.length + Math.max(0, CREATES - targets.length),
      ms: Date.now() - started,
    });
  }, 300_000);

  it('registers repositories from many processes at once without dropping one', async () => {
    const root = makeTempDir('ao-conc-reg-');
    const home = path.join(root, 'home');
    const repos = Array.from({ length: size(6, 12) }, (_, i) => makeRepo({ path: path.join(root, `repo-${i}`) }));
    const results = await Promise.all(repos.map((repo) => runCli(['trust', '--repo', repo, '--json'], { AGENT_ORCHESTRATOR_HOME: home })));
    expect(results.filter((result) => result.code !== 0).map((result) => result.stderr)).toEqual([]);
    const saved = JSON.parse(readFileSync(path.join(home, 'repos.json'), 'utf8')).data.repos as { id: string; path: string }[];
    expect(saved.map((entry) => entry.path).sort()).toEqual([...repos].sort());
    expect(new Set(saved.map((entry) => entry.id)).size).toBe(repos.length);
  }, 300_000);
});
