/**
 * The task an agent gets in a new fix worktree, and the one it gets when landing conflicts.
 *
 * Plain text with the facts an agent cannot know: where the bug was seen, what the branch is
 * based on, where the fix will land, and that the app does the landing (so the agent does not
 * merge anything itself).
 */

export interface FixPromptFacts {
  readonly description: string;
  readonly fixBranch: string;
  readonly sourceBranch: string;
  readonly target: string | null;
  readonly base: 'source' | 'target';
  /** `short subject` lines of the source's newest commits. */
  readonly recentCommits: readonly string[];
  readonly command?: string | undefined;
  readonly output?: string | undefined;
}

/** Longest output quoted into the prompt; the tail is what matters in a failing run. */
const MAX_OUTPUT = 6_000;

export function buildFixPrompt(facts: FixPromptFacts): string {
  const lines = [`Fix this bug: ${facts.description.trim()}`, ''];
  lines.push(
    facts.base === 'source'
      ? `It was found while working on branch \`${facts.sourceBranch}\`. This worktree is on \`${facts.fixBranch}\`, forked from \`${facts.sourceBranch}\`'s current commit.`
      : `It was found while working on branch \`${facts.sourceBranch}\`, but the code is on \`${facts.target ?? 'the target'}\` too. This worktree is on \`${facts.fixBranch}\`, forked from \`${facts.target ?? 'the target'}\`.`,
  );
  if (facts.recentCommits.length > 0) {
    lines.push('', `Recent commits on ${facts.sourceBranch}:`, ...facts.recentCommits.map((line) => `- ${line}`));
  }
  if (facts.command) lines.push('', 'Failing command:', facts.command.trim());
  if (facts.output) {
    const output = facts.output.length > MAX_OUTPUT ? `…${facts.output.slice(-MAX_OUTPUT)}` : facts.output;
    lines.push('', 'Its output:', '```', output.trimEnd(), '```');
  }
  lines.push(
    '',
    'Make the smallest change that fixes it, add or adjust a test that shows it, and commit it on this branch (one or a few commits).',
    `Do not merge or rebase other branches: the fix will be landed on \`${facts.target ?? facts.sourceBranch}\` and brought into \`${facts.sourceBranch}\` by Agent Orchestrator.`,
  );
  return lines.join('\n');
}

export interface ConflictPromptFacts {
  readonly fixBranch: string;
  readonly conflictWith: string;
  readonly files: readonly string[];
  /** The fork point the fix's own commits start after. */
  readonly base: string;
}

export function buildConflictPrompt(facts: ConflictPromptFacts): string {
  return [
    `Landing \`${facts.fixBranch}\` on \`${facts.conflictWith}\` conflicts in:`,
    ...facts.files.map((file) => `- ${file}`),
    '',
    `Nothing was changed: ${facts.conflictWith} and this branch are as they were.`,
    `Make the fix apply cleanly on \`${facts.conflictWith}\`: rebase this branch's own commits onto it with \`git rebase --onto ${facts.conflictWith} ${facts.base.slice(0, 12)}\`, resolve the conflicts keeping the intent of both sides, run the tests, and finish the rebase.`,
    'Then say so; the fix will be landed again.',
  ].join('\n');
}
