/**
 * Local checks with no remote at all: the repository's `check` command runs after an agent's
 * turn that made commits, and its failure goes back to the agent like a CI failure.
 */
import { describe, expect, it } from 'vitest';
import { SIZE } from '../agents/agent-fixture.ts';
import { makeCiWorld, prompts, startCiEngine, waitForCi, waitForPrompts } from './ci-world.ts';

/** Real agents, git pushes and poll cycles: minutes on a loaded machine, seconds on a quiet one. */
const LOOP_TEST_MS = 90_000;

// Fails (with colours and a secret in its output) until the agent has committed twice.
const CHECK = `node -e "const n=require('fs').readFileSync('agent-work.txt','utf8').trim().split('\\n').length; if (n < 2) { console.log('\\x1b[31mFAIL\\x1b[0m work count ' + n + ' SERVICE_TOKEN=' + 'abcdef' + '0123456789'); process.exit(3); } console.log('ok')"`;

describe('local checks', () => {
  it('run after a turn with new commits; a failure is triaged to the agent, a pass ends it', async () => {
    const world = await makeCiWorld({ remote: false, agentCommits: 'commit', config: { check: CHECK } });
    const running = await startCiEngine(world);
    const ci = running.engine.ci;
    expect((await ci.setAutoTriage(world.worktree, true)).ok).toBe(true);
    const launched = await running.engine.agents.launch({ agentId: 'codex', cwd: world.worktree, repoId: running.repoId, prompt: 'implement one', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));

    const failed = await waitForCi(running, world.worktree, (w) => w.local.state === 'failure');
    expect(failed.local).toMatchObject({ failed: CHECK, exitCode: 3 });
    expect(failed.github).toBeNull();
    expect(failed.watched).toBe(false);
    const got = await waitForPrompts(world, 2);
    expect(got[1]).toContain('The local checks failed on branch `feat/one`');
    expect(got[1]).toContain('FAIL work count 1 SERVICE_TOKEN=***');
    expect(got[1]).not.toContain('\x1b');
    expect(got[1]).not.toContain('abcdef0123456789');

    // The agent's second commit makes the check pass.
    const passed = await waitForCi(running, world.worktree, (w) => w.local.state === 'success');
    expect(passed.triage.phase).toBe('watching');
    expect(prompts(world)).toHaveLength(2);
    const log = await ci.failureLog(world.worktree);
    expect(log.ok && log.value?.failure).toMatchObject({ source: 'local', names: [CHECK] });
  }, LOOP_TEST_MS);

  it('run on demand, and say so when there is no check command', async () => {
    const world = await makeCiWorld({ remote: false, config: { check: ['node -e "process.exit(0)"', 'node -e "console.error(\'lint: 2 problems\'); process.exit(1)"'] } });
    const running = await startCiEngine(world);
    const result = await running.engine.ci.runChecks(world.worktree);
    expect(result).toMatchObject({ ok: true, value: { state: 'failure', exitCode: 1, failed: expect.stringContaining('lint') } });
    const log = await running.engine.ci.failureLog(world.worktree);
    expect(log.ok && log.value?.log).toContain('lint: 2 problems');
    // Auto-triage is off: nothing is typed anywhere.
    expect(prompts(world)).toHaveLength(0);

    const bare = await makeCiWorld({ remote: false });
    const other = await startCiEngine(bare);
    expect(await other.engine.ci.runChecks(bare.worktree)).toEqual({ ok: false, error: { kind: 'NO_CHECK_COMMAND', path: bare.repo } });
    expect(await other.engine.ci.runChecks('/no/such/worktree')).toEqual({ ok: false, error: { kind: 'WORKTREE_NOT_FOUND', path: '/no/such/worktree' } });
  }, LOOP_TEST_MS);
});
