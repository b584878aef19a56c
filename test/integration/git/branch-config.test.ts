/**
 * readBranchConfig(): the worktree listing's one `git config` read must answer exactly what the
 * three separate reads it replaces answer (recorded targets, lineage, `init.defaultBranch`), and
 * resolveTargets fed with it (plus the main worktree's branch from the listing) must decide the
 * same targets as resolveTargets reading everything itself. Real repositories, real git.
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBranchConfig } from '../../../src/main/engine/git/branch-config.ts';
import { readAllLineage, setBranchLineage, setLineageKey, INTEGRATOR_KEY } from '../../../src/main/engine/git/branch-lineage.ts';
import { readBranchTargets, setBranchTarget } from '../../../src/main/engine/git/branch-target.ts';
import { readDefaultBranchFacts } from '../../../src/main/engine/git/branch.ts';
import { resolveTargets } from '../../../src/main/engine/targets/resolve-targets.ts';
import { git, makeCommit, makeRepo, removeTempDir } from '../../helpers/git-repo.ts';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => removeTempDir(dir)));

function repo(): string {
  const made = makeRepo();
  cleanup.push(made);
  return made;
}

/** What the three separate reads say. */
async function separately(cwd: string) {
  const [targets, lineage, facts] = await Promise.all([readBranchTargets(cwd), readAllLineage(cwd), readDefaultBranchFacts(cwd)]);
  if (!targets.ok || !lineage.ok || !facts.ok) throw new Error('a separate read failed');
  return { targets: targets.value, lineage: lineage.value, initDefault: facts.value.initDefault };
}

describe('readBranchConfig', () => {
  it('answers like the separate reads in a repository with nothing recorded', async () => {
    const cwd = repo();
    const combined = await readBranchConfig(cwd);
    expect(combined.ok && combined.value).toEqual(await separately(cwd));
    expect(combined.ok && [combined.value.targets.size, combined.value.lineage.size]).toEqual([0, 0]);
  });

  it('answers like the separate reads with targets, lineage, dotted and mixed-case branch names, and init.defaultBranch set twice', async () => {
    const cwd = repo();
    for (const branch of ['consumer', 'feat/Dots.v2', 'Upper']) git(cwd, 'branch', branch);
    makeCommit(cwd);
    const base = git(cwd, 'rev-parse', 'HEAD');
    expect((await setBranchTarget(cwd, 'feat/Dots.v2', 'consumer')).ok).toBe(true);
    expect((await setBranchTarget(cwd, 'Upper', 'main')).ok).toBe(true);
    expect((await setBranchLineage(cwd, 'feat/Dots.v2', 'consumer', base)).ok).toBe(true);
    expect((await setLineageKey(cwd, 'consumer', INTEGRATOR_KEY, 'true')).ok).toBe(true);
    // `git config --get` reads the last of several values; so must the combined read.
    git(cwd, 'config', '--add', 'init.defaultBranch', 'first');
    git(cwd, 'config', '--add', 'init.defaultBranch', 'trunk');
    // A key that only looks like ours stays out.
    git(cwd, 'config', 'branch.consumer.agentOrchestratorTargetish', 'nope');
    const combined = await readBranchConfig(cwd);
    if (!combined.ok) throw new Error(JSON.stringify(combined.error));
    expect(combined.value).toEqual(await separately(cwd));
    expect(combined.value.initDefault).toBe('trunk');
    expect([...combined.value.targets]).toEqual([
      ['feat/Dots.v2', 'consumer'],
      ['Upper', 'main'],
    ]);
    expect(combined.value.lineage.get('feat/Dots.v2')).toEqual({ parent: 'consumer', base, integrator: false });
    expect(combined.value.lineage.get('consumer')?.integrator).toBe(true);
  });

  it('reads an init.defaultBranch written without a value as unset, like `git config --get`', async () => {
    const cwd = repo();
    appendFileSync(path.join(cwd, '.git', 'config'), '[init]\n\tdefaultBranch\n');
    const combined = await readBranchConfig(cwd);
    expect(combined.ok && combined.value.initDefault).toBe(null);
    expect((await separately(cwd)).initDefault).toBe(null);
  });

  it('resolveTargets fed with it and the listed main branch decides what it decides reading everything itself', async () => {
    const cwd = repo();
    for (const branch of ['consumer', 'feature']) git(cwd, 'branch', branch);
    expect((await setBranchTarget(cwd, 'feature', 'consumer')).ok).toBe(true);
    git(cwd, 'config', 'init.defaultBranch', 'consumer');
    for (const checkedOut of ['main', 'consumer', null] as const) {
      if (checkedOut === null) git(cwd, 'checkout', '-q', '--detach');
      else git(cwd, 'checkout', '-q', checkedOut);
      const alone = await resolveTargets(cwd, { configTargets: ['feature'] });
      const fed = await resolveTargets(cwd, { configTargets: ['feature'], branchConfig: readBranchConfig(cwd), mainBranch: checkedOut });
      expect({ checkedOut, fed }).toEqual({ checkedOut, fed: alone });
      expect(alone.ok && alone.value.defaultBranch).toBe(checkedOut ?? 'consumer');
    }
  });
});
