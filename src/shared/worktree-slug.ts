/**
 * The one rule that turns a typed worktree name into its folder and its branch.
 *
 * Whitespace runs become "-" (git forbids spaces in branch names, and a folder with a space
 * trips half the tools an agent runs), so "login page" is the folder `login-page` on the branch
 * `<prefix>login-page`. Shared, so the create dialog shows the result live as the engine will
 * make it.
 */
export function worktreeSlug(name: string): string {
  return name.trim().replace(/\s+/g, '-');
}
