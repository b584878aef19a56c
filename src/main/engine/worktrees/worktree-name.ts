/**
 * Worktree names: what a person types in the create dialog, the folder it becomes, and the
 * branch derived from it.
 */

import { worktreeSlug } from '../../../shared/worktree-slug.ts';

export { worktreeSlug };
import { BIDI_CONTROLS } from '../git/branch.ts';

/** Longest worktree name: folder names beyond this get awkward in every tool. */
export const MAX_NAME_LENGTH = 100;

/**
 * Why `name` cannot name a worktree folder, or null when it can.
 *
 * Spaces, unicode and quotes are fine (the name is only ever a path component and an argument,
 * never shell text). Refused: empty, `.`/`..`, path separators (one name = one folder), control
 * characters, and a leading "-" (other tools would read the folder as an option).
 */
export function worktreeNameProblem(name: string): string | null {
  if (name.trim() === '') return 'it is empty';
  if (name !== name.trim()) return 'it starts or ends with a space';
  if (name === '.' || name === '..') return 'it is "." or ".."';
  if (/[/\\]/.test(name)) return 'it contains "/" or "\\" (give the branch name separately to use slashes)';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point.
  if (/[\x00-\x1f\x7f]/.test(name)) return 'it contains control characters';
  if (BIDI_CONTROLS.test(name)) return 'it contains text-direction control characters (they make names look like others)';
  if (name.startsWith('-')) return 'it starts with "-"';
  if (process.platform === 'win32' && /[<>:"|?*]|[. ]$/.test(name)) return 'Windows does not allow it as a folder name';
  if ([...name].length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  return null;
}

/**
 * The branch for a worktree name: the configured prefix, then the name's slug (the folder's name
 * too, {@link worktreeSlug}). Callers still validate the result with
 * `git check-ref-format --branch`, which rejects anything else git does not allow.
 */
export function branchForName(name: string, prefix: string): string {
  return `${prefix}${worktreeSlug(name)}`;
}
