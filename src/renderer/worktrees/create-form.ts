/**
 * The create dialog's form, as plain data: what the person chose, and the request it becomes.
 */
import type { CreateWorktreeInput, WorktreeBase } from '../../shared/protocol/index.ts';
import { worktreeSlug } from '../../shared/worktree-slug.ts';

export type BaseChoice = 'default' | 'branch' | 'worktree';

export interface CreateForm {
  name: string;
  /** Empty: derived from the name by the engine (config prefix + name). */
  branch: string;
  base: BaseChoice;
  /** The branch name when `base` is 'branch'. */
  baseBranch: string;
  /** The worktree path when `base` is 'worktree'. */
  baseWorktree: string;
  /** Empty: the engine's default (config targets[0], or the base branch). */
  target: string;
  runSetup: boolean;
}

export const EMPTY_FORM: CreateForm = {
  name: '',
  branch: '',
  base: 'default',
  baseBranch: '',
  baseWorktree: '',
  target: '',
  runSetup: true,
};

/** Why the form cannot be sent yet (shown under the button), or null. The engine checks the rest. */
export function formProblem(form: CreateForm): string | null {
  if (form.name.trim() === '') return 'Give the worktree a name.';
  if (form.base === 'branch' && form.baseBranch.trim() === '') return 'Name the branch to start from.';
  if (form.base === 'worktree' && form.baseWorktree === '') return 'Pick the worktree to start from.';
  return null;
}

/** The `worktrees.create` input for a valid form. */
export function toCreateInput(repoId: string, form: CreateForm): Omit<CreateWorktreeInput, 'openPane'> {
  const base: WorktreeBase =
    form.base === 'branch'
      ? { kind: 'ref', ref: form.baseBranch.trim() }
      : form.base === 'worktree'
        ? { kind: 'worktree', path: form.baseWorktree }
        : { kind: 'default' };
  return {
    repoId,
    name: form.name.trim(),
    base,
    bootstrap: form.runSetup,
    ...(form.branch.trim() !== '' ? { branch: form.branch.trim() } : {}),
    ...(form.target.trim() !== '' ? { target: form.target.trim() } : {}),
  };
}

/** The branch the engine will create, for the hint under the name field. */
export function previewBranch(form: CreateForm, prefix: string): string {
  if (form.branch.trim() !== '') return form.branch.trim();
  return `${prefix}${worktreeSlug(form.name)}`;
}

/** The folder the engine will create (same slug rule as the branch). */
export function previewFolder(form: CreateForm): string {
  return worktreeSlug(form.name);
}
