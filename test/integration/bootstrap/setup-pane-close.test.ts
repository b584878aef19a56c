/**
 * Setup panes do not fill the grid: the pane of a setup that succeeded closes itself after a
 * moment; a failed setup's pane stays, and a log the user opened stays too. "Stays" is checked
 * against an event, not a sleep: a successful setup started later has closed its own pane by then.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startEngine } from '../../../src/main/engine/index.ts';
import { makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

const PANE = { cols: 80, rows: 24 };
/** Fails in a worktree named "bad", succeeds elsewhere. */
const SETUP = 'case "$PWD" in */bad) echo broken; exit 3;; esac; echo all-good';

async function engineWithRepo(setup: string) {
  const root = makeTempDir('ao-setup-pane-');
  const repoPath = makeRepo({ path: path.join(root, 'app') });
  writeFileSync(path.join(repoPath, 'agent-orchestrator.json'), JSON.stringify({ setup }));
  const engine = await startEngine({ home: path.join(root, 'home'), setupPaneLingerMs: 100 });
  onTestFinished(() => engine.dispose());
  const repo = await engine.repos.add(repoPath);
  if (!repo.ok) throw new Error(JSON.stringify(repo.error));
  // As a user who reviewed it: the repository's setup runs only once trusted.
  const trust = await engine.trust.get(repo.value.id);
  if (!trust.ok || !(await engine.trust.grant(repo.value.id, trust.value.configHash)).ok) throw new Error('could not trust the repository');
  return { engine, repoId: repo.value.id };
}

describe('setup panes', () => {
  it('a successful setup closes its pane; the log is still there to open, and that pane stays', async () => {
    const { engine, repoId } = await engineWithRepo(SETUP);
    const created = await engine.worktrees.create({ repoId, name: 'ok', openPane: PANE });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const sessionId = created.value.sessionId;
    expect(sessionId).toEqual(expect.any(String));
    await expect.poll(() => engine.terminals.list().some((s) => s.id === sessionId), { timeout: 15_000 }).toBe(false);

    const log = await engine.bootstrap?.readLog(created.value.worktree.path);
    expect(log?.ok && log.value.text).toContain('all-good');
    const opened = await engine.bootstrap?.openLogSession(created.value.worktree.path, { repoId, ...PANE });
    if (!opened?.ok) throw new Error('log pane did not open');
    await engine.terminals.whenExited(opened.value.id);
    await closedBySuccessfulSetup(engine, repoId, 'ok-later');
    expect(engine.terminals.list().find((s) => s.id === opened.value.id)?.exitCode).toBe(0);
  });

  it('a failed setup keeps its pane', async () => {
    const { engine, repoId } = await engineWithRepo(SETUP);
    const created = await engine.worktrees.create({ repoId, name: 'bad', openPane: PANE });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const sessionId = created.value.sessionId ?? '';
    await engine.terminals.whenExited(sessionId);
    await closedBySuccessfulSetup(engine, repoId, 'ok');
    expect(engine.terminals.list().find((s) => s.id === sessionId)).toMatchObject({ status: 'exited', exitCode: 1 });
  });
});

/**
 * Create a worktree whose setup succeeds and wait until its pane closed itself: any pane that
 * exited before it and was going to close has closed by then (same linger, started earlier).
 */
async function closedBySuccessfulSetup(engine: Awaited<ReturnType<typeof engineWithRepo>>['engine'], repoId: string, name: string): Promise<void> {
  const created = await engine.worktrees.create({ repoId, name, openPane: PANE });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const id = created.value.sessionId;
  expect(id).toEqual(expect.any(String));
  await expect.poll(() => engine.terminals.list().some((s) => s.id === id), { timeout: 15_000 }).toBe(false);
}
