/**
 * The prompt a fresh agent session starts with when it takes over from a long one.
 *
 * Plain facts the new agent can check for itself (task, branch and target, what changed, recent
 * commits, the last CI failure, the user's notes), no summary written by a model: the point of a
 * fresh session is a clean context, and git is the record of what was done.
 */
import type { HandoffFacts } from '../../../../shared/protocol/agents.ts';

/** Lines of `git diff --stat` kept (the summary line is always kept). */
export const MAX_DIFF_STAT_LINES = 40;
/** Commits listed. */
export const MAX_COMMITS = 15;
/** Characters of a CI failure log kept (its end, where the error is). */
export const MAX_CI_CHARS = 4_000;

/** Build the prompt from the facts; sections without facts are left out. */
export function buildHandoffPrompt(facts: HandoffFacts): string {
  const sections: string[] = [
    'You are taking over work that an earlier agent session started in this worktree. Its context is ' +
      'gone: read this handoff, then check the code and git history yourself before changing anything.',
  ];
  sections.push(`## Task\n${facts.task?.trim() || '(The original task was not recorded; see the notes, commits and changes below.)'}`);
  if (facts.branch) {
    sections.push(
      `## Branch\nYou are on \`${facts.branch}\`${facts.target ? `, which will be merged into \`${facts.target}\`` : ''}.`,
    );
  }
  if (facts.diffStat) {
    sections.push(`## Changes so far (git diff --stat ${facts.target ?? 'base'}...HEAD)\n\`\`\`\n${facts.diffStat}\n\`\`\``);
  }
  if (facts.uncommitted) sections.push(`## Uncommitted changes (git diff --stat HEAD)\n\`\`\`\n${facts.uncommitted}\n\`\`\``);
  if (facts.commits.length > 0) {
    sections.push(`## Recent commits on this branch\n${facts.commits.map((line) => `- ${line}`).join('\n')}`);
  }
  if (facts.ciFailure) sections.push(`## Last CI failure\n\`\`\`\n${facts.ciFailure}\n\`\`\``);
  if (facts.notes?.trim()) sections.push(`## Notes from the user\n${facts.notes.trim()}`);
  sections.push('Continue the task. When you are done, say so and summarise what you changed.');
  return sections.join('\n\n') + '\n';
}

/** Keep the first lines of a diff stat and its summary line. */
export function trimDiffStat(stat: string): string | null {
  const lines = stat.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return null;
  if (lines.length <= MAX_DIFF_STAT_LINES + 1) return lines.join('\n');
  const summary = lines[lines.length - 1]!;
  const kept = lines.slice(0, MAX_DIFF_STAT_LINES);
  return [...kept, ` … ${lines.length - 1 - MAX_DIFF_STAT_LINES} more files`, summary].join('\n');
}

/** The end of a CI log (where the failure is). */
export function trimCiFailure(text: string | null): string | null {
  if (!text?.trim()) return null;
  const trimmed = text.trim();
  return trimmed.length <= MAX_CI_CHARS ? trimmed : `…${trimmed.slice(-MAX_CI_CHARS)}`;
}
