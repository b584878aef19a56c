/**
 * The prompt that hands a fix to a worktree's agent.
 *
 * Plain instructions the agent can check for itself with git, non-interactive commands only
 * (an editor would hang the agent: `--no-edit`).
 */

export function conflictPrompt(input: { sha: string; subject: string; inProgress: boolean }): string {
  const short = input.sha.slice(0, 12);
  if (input.inProgress) {
    return [
      `A cherry-pick of ${short} ("${input.subject}") into this worktree stopped with conflicts.`,
      'Run `git status` to see the conflicted files. Resolve each conflict so that both this branch\'s work and the fix are kept,',
      'run the relevant tests, `git add` the resolved files, then `git cherry-pick --continue --no-edit`.',
      'If the fix cannot be applied sensibly here, run `git cherry-pick --abort` and explain why.',
    ].join(' ');
  }
  return [
    `Apply the fix ${short} ("${input.subject}") to this worktree: run \`git cherry-pick -x ${input.sha}\`.`,
    'If it conflicts, resolve the conflicts keeping both this branch\'s work and the fix, run the relevant tests,',
    '`git add` the resolved files and `git cherry-pick --continue --no-edit`; if it cannot be applied sensibly, `git cherry-pick --abort` and explain why.',
  ].join(' ');
}
