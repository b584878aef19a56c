/**
 * Recognise the git failures callers expect, from git's (LC_ALL=C) stderr.
 *
 * `core.ts` runs git with `LC_ALL=C`, so these messages are stable English across installs.
 */

/**
 * Whether git refused because the directory is not inside any repository.
 *
 * Matches "fatal: not a git repository (or any of the parent directories): .git" and the variant
 * printed when a `.git` file points at a missing gitdir ("fatal: not a git repository: /x/.git").
 */
export function isNotARepository(stderr: string): boolean {
  return /^fatal: not a git repository\b/m.test(stderr);
}
