import { describe, expect, it } from 'vitest';
import { bootstrapLabel } from '../../../src/renderer/worktrees/bootstrap-label.ts';
import { EMPTY_FORM, formProblem, previewBranch, toCreateInput } from '../../../src/renderer/worktrees/create-form.ts';

describe('create dialog form', () => {
  it('needs a name, and a branch or worktree when that base is chosen', () => {
    expect(formProblem(EMPTY_FORM)).toContain('name');
    expect(formProblem({ ...EMPTY_FORM, name: 'x' })).toBeNull();
    expect(formProblem({ ...EMPTY_FORM, name: 'x', base: 'branch' })).toContain('branch');
    expect(formProblem({ ...EMPTY_FORM, name: 'x', base: 'worktree' })).toContain('worktree');
  });

  it('builds the create input, leaving defaults to the engine', () => {
    expect(toCreateInput('r1', { ...EMPTY_FORM, name: ' login ' })).toEqual({
      repoId: 'r1',
      name: 'login',
      base: { kind: 'default' },
      bootstrap: true,
    });
    expect(
      toCreateInput('r1', { ...EMPTY_FORM, name: 'fix', base: 'branch', baseBranch: 'consumer', target: 'consumer', branch: 'fix/x', runSetup: false }),
    ).toEqual({ repoId: 'r1', name: 'fix', base: { kind: 'ref', ref: 'consumer' }, target: 'consumer', branch: 'fix/x', bootstrap: false });
    expect(toCreateInput('r1', { ...EMPTY_FORM, name: 'c', base: 'worktree', baseWorktree: '/w/a' }).base).toEqual({ kind: 'worktree', path: '/w/a' });
  });

  it('previews the branch the engine derives', () => {
    expect(previewBranch({ ...EMPTY_FORM, name: 'my feature' }, 'agent/')).toBe('agent/my-feature');
    expect(previewBranch({ ...EMPTY_FORM, name: 'x', branch: 'custom' }, 'agent/')).toBe('custom');
  });
});

describe('bootstrap badge', () => {
  const base = { repoId: 'r', path: '/w', startedAt: null, finishedAt: null, error: null, logFile: '/l' };
  it('shows progress while running, the reason when failed, nothing when never run', () => {
    expect(bootstrapLabel(null)).toBeNull();
    expect(bootstrapLabel({ ...base, status: 'running', step: { index: 2, total: 4, title: 'Dependencies (npm)' } })).toEqual({
      status: 'running',
      label: 'setup 2/4',
      title: 'Setting up: Dependencies (npm). Click to show the log.',
      progress: 0.25,
    });
    expect(bootstrapLabel({ ...base, status: 'failed', step: null, error: 'npm ci failed (exit 1)' })?.title).toContain('npm ci failed');
    expect(bootstrapLabel({ ...base, status: 'ready', step: null })?.label).toBe('ready');
  });
});
