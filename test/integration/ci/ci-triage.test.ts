/**
 * The whole loop against the fake GitHub and a fake agent: checks go pending → failure → the
 * agent gets one cleaned prompt when idle → it pushes a fix → success. Dedupe across a restart,
 * escalation after two attempts, waiting for a typing user.
 */
import { describe, expect, it } from 'vitest';
import { SIZE, type RunningEngine } from '../agents/agent-fixture.ts';
import { makeCiWorld, prompts, remoteSha, startCiEngine, waitForCi, waitForPrompts, waitForRemoteCommit, type CiWorld } from './ci-world.ts';

/** Real agents, git pushes and poll cycles: minutes on a loaded machine, seconds on a quiet one. */
const LOOP_TEST_MS = 90_000;

const SECRET = 'ghp_FAKEsecretTOKEN0123456789abcdefABCDEF';
const FAILING_LOG = [
  '2026-08-01T10:00:00.0000000Z ##[group]Run npm test',
  '2026-08-01T10:00:01.0000000Z \x1b[36mnpm test\x1b[0m',
  '2026-08-01T10:00:02.0000000Z ##[endgroup]',
  `2026-08-01T10:00:03.0000000Z using DEPLOY_API_KEY=${'k'.repeat(24)} and ${SECRET}`,
  '2026-08-01T10:00:04.0000000Z \x1b[31m\x1b[1mFAIL\x1b[22m\x1b[39m src/one.test.ts > adds',
  '2026-08-01T10:00:05.0000000Z AssertionError: expected 2 to be 3',
  '2026-08-01T10:00:06.0000000Z ##[error]Process completed with exit code 1.',
].join('\r\n');

async function launchAgent(running: RunningEngine, world: CiWorld, prompt?: string): Promise<string> {
  const launched = await running.engine.agents.launch({ agentId: 'codex', cwd: world.worktree, repoId: running.repoId, ...(prompt ? { prompt } : {}), ...SIZE });
  if (!launched.ok) throw new Error(JSON.stringify(launched.error));
  return launched.value.sessionId;
}

describe('CI auto-triage', () => {
  it('pending → failure → one cleaned, masked prompt once the agent is idle → fix pushed → success', async () => {
    const world = await makeCiWorld({ agentCommits: 'push' });
    const running = await startCiEngine(world);
    const ci = running.engine.ci;
    const sha1 = remoteSha(world, 'feat/one');
    world.ghRepo!.setCheck(sha1, 'test', { status: 'in_progress' });
    expect((await ci.setAutoTriage(world.worktree, true)).ok).toBe(true);
    await waitForCi(running, world.worktree, (w) => w.checks.state === 'pending' && w.checks.sha === sha1);

    // The agent is busy with its own task (waiting for an approval) when CI fails: the prompt waits.
    const task = 'write the docs, ask me to approve the test run';
    const session = await launchAgent(running, world, task);
    await running.waitForStatus(session, 'needs-input');
    world.ghRepo!.setCheck(sha1, 'test', { status: 'completed', conclusion: 'failure', log: FAILING_LOG, failedStep: 'Run npm test' });
    const waiting = await waitForCi(running, world.worktree, (w) => w.checks.state === 'failure' && w.triage.waitingFor !== null);
    expect(waiting.checks.failing).toEqual([{ name: 'test', url: expect.stringContaining('/actions/runs/') }]);
    expect(waiting.triage).toMatchObject({ enabled: true, phase: 'waiting', waitingFor: 'agent-busy' });
    expect(prompts(world)).toEqual([task]);

    // The user approves; once the agent is idle (and the pane quiet) exactly one prompt arrives, cleaned and masked.
    running.engine.terminals.input(session, 'y');
    const got = await waitForPrompts(world, 2);
    expect(got[0]).toBe(task);
    const prompt = got[1]!;
    expect(prompt).toContain('CI checks failed on branch `feat/one`');
    expect(prompt).toContain('Check: test (step: Run npm test)');
    expect(prompt).toContain('FAIL src/one.test.ts > adds');
    expect(prompt).toContain('AssertionError: expected 2 to be 3');
    expect(prompt).not.toContain('\x1b');
    expect(prompt).not.toContain(SECRET);
    expect(prompt).not.toContain('k'.repeat(24));
    expect(prompt).toContain('DEPLOY_API_KEY=***');
    expect(prompt).not.toMatch(/2026-08-01T10:00/);
    // The log came through the redirect without the token.
    expect(world.gh!.blobRequests.length).toBeGreaterThan(0);
    for (const request of world.gh!.blobRequests) expect(request.headers.authorization).toBeUndefined();

    // The agent commits and pushes a fix; CI runs on the new commit and passes. Its task's turn
    // pushed a commit too, before the prompt: wait for the fix's own commit, not just any new one
    // (else CI is set on the task's commit and, on a loaded machine, the fix's push overtakes it).
    const sha2 = await waitForRemoteCommit(world, 'feat/one', /^fix: CI checks failed/);
    expect(sha2).not.toBe(sha1);
    await waitForCi(running, world.worktree, (w) => w.checks.sha === sha2);
    world.ghRepo!.setCheck(sha2, 'test', { status: 'in_progress' });
    await waitForCi(running, world.worktree, (w) => w.checks.sha === sha2 && w.checks.state === 'pending');
    world.ghRepo!.setCheck(sha2, 'test', { status: 'completed', conclusion: 'success' });
    const green = await waitForCi(running, world.worktree, (w) => w.checks.state === 'success');
    expect(green.triage).toMatchObject({ phase: 'watching', attempts: 0 });
    expect(prompts(world)).toHaveLength(2);

    // The handoff seam now knows the last failure.
    const handoff = await running.engine.agents.handoffPreview(session, null);
    expect(handoff.ok && handoff.value.facts.ciFailure).toContain('AssertionError: expected 2 to be 3');
  }, LOOP_TEST_MS);

  it('never sends the same failure twice, also after an engine restart', async () => {
    const world = await makeCiWorld();
    let running = await startCiEngine(world);
    const sha1 = remoteSha(world, 'feat/one');
    world.ghRepo!.setCheck(sha1, 'lint', { status: 'completed', conclusion: 'failure', log: 'lint error\n' });
    await running.engine.ci.setAutoTriage(world.worktree, true);
    const session = await launchAgent(running, world);
    await running.waitForStatus(session, 'idle');
    await waitForPrompts(world, 1);
    await waitForCi(running, world.worktree, (w) => w.triage.phase === 'sent');
    await running.stop();

    running = await startCiEngine(world);
    const again = await launchAgent(running, world);
    await running.waitForStatus(again, 'idle');
    // Several full poll cycles see the same red commit; nothing is sent.
    let cycles = 0;
    await new Promise<void>((resolve) => {
      const stop = running.engine.ci.onDidPoll((outcome) => {
        if (outcome.kind === 'ok' && ++cycles >= 4) {
          stop();
          resolve();
        }
      });
    });
    const state = await waitForCi(running, world.worktree, (w) => w.checks.state === 'failure');
    expect(state.triage).toMatchObject({ enabled: true, phase: 'sent', attempts: 1 });
    expect(prompts(world)).toHaveLength(1);
  }, LOOP_TEST_MS);

  it('stops after two attempts on the same check and notifies instead', async () => {
    const world = await makeCiWorld({ agentCommits: 'push' });
    const running = await startCiEngine(world);
    await running.engine.ci.setAutoTriage(world.worktree, true);
    const session = await launchAgent(running, world);
    await running.waitForStatus(session, 'idle');
    const fail = (sha: string, n: number): void => {
      world.ghRepo!.setCheck(sha, 'test', { status: 'completed', conclusion: 'failure', log: `failure number ${n}\n` });
    };
    let sha = remoteSha(world, 'feat/one');
    for (let attempt = 1; attempt <= 2; attempt++) {
      fail(sha, attempt);
      await waitForPrompts(world, attempt);
      // The agent pushes a "fix" after each prompt; CI fails on it again.
      const previous = sha;
      await waitForCi(running, world.worktree, (w) => w.checks.sha !== previous && w.checks.sha !== null);
      sha = remoteSha(world, 'feat/one');
    }
    await running.waitForStatus(session, 'idle');
    fail(sha, 3);
    const escalated = await waitForCi(running, world.worktree, (w) => w.triage.phase === 'escalated');
    expect(escalated.triage.attempts).toBe(2);
    const notification = running.notifications.find((n) => n.kind === 'ci-escalated');
    expect(notification).toMatchObject({ title: 'CI needs you: test', body: expect.stringContaining('after 2 attempts') });
    expect(prompts(world)).toHaveLength(2);
    expect(prompts(world)[1]).toContain('attempt 2 of 2');
  }, LOOP_TEST_MS);

  it('waits while the user is typing in the pane', async () => {
    const world = await makeCiWorld();
    const running = await startCiEngine(world, { typingQuietMs: 1_500 });
    const session = await launchAgent(running, world);
    await running.waitForStatus(session, 'idle');
    await running.engine.ci.setAutoTriage(world.worktree, true);
    // The user keeps typing (a keystroke and its undo, so the composer stays empty) until the
    // engine is seen holding the prompt back, then stops.
    const type = (): void => {
      running.engine.terminals.input(session, 'x');
      running.engine.terminals.input(session, '\x7f');
    };
    type();
    const typing = setInterval(type, 200);
    world.ghRepo!.setCheck(remoteSha(world, 'feat/one'), 'test', { status: 'completed', conclusion: 'failure' });
    const waiting = await waitForCi(running, world.worktree, (w) => w.triage.waitingFor === 'user-typing').finally(() => clearInterval(typing));
    expect(prompts(world)).toHaveLength(0);
    expect(waiting.triage.phase).toBe('waiting');
    const typedAt = running.engine.terminals.lastUserInputAt(session)!;
    const got = await waitForPrompts(world, 1);
    expect(got[0]).toContain('Check: test');
    const { readFileSync } = await import('node:fs');
    const arrivedAt = Date.parse((JSON.parse(readFileSync(world.record, 'utf8').split('\n')[0]!) as { at: string }).at);
    expect(arrivedAt - typedAt).toBeGreaterThanOrEqual(1_400);
  }, LOOP_TEST_MS);
});
