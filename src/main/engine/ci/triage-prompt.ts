/**
 * The prompt typed into an agent when its branch's checks fail: what failed, where to look, the
 * end of the log, and what to do. Short on purpose: the agent can open the URL or rerun the
 * check for more (ao v2's lesson: the tail and the URL first, full logs only if needed).
 */
export interface TriagePromptInput {
  readonly source: 'ci' | 'local';
  readonly branch: string | null;
  readonly sha: string | null;
  readonly checks: readonly { name: string; url: string | null; step: string | null }[];
  /** Cleaned and masked. */
  readonly logTail: string;
  readonly attempt: number;
  readonly maxAttempts: number;
}

export function buildTriagePrompt(input: TriagePromptInput): string {
  const where = [input.branch ? `branch \`${input.branch}\`` : 'this worktree', input.sha ? `commit ${input.sha.slice(0, 10)}` : null]
    .filter(Boolean)
    .join(', ');
  const lines: string[] = [];
  lines.push(
    input.source === 'ci'
      ? `CI checks failed on ${where} (attempt ${input.attempt} of ${input.maxAttempts}).`
      : `The local checks failed on ${where} (attempt ${input.attempt} of ${input.maxAttempts}).`,
  );
  for (const check of input.checks) {
    const step = check.step ? ` (step: ${check.step})` : '';
    lines.push(`- ${input.source === 'ci' ? 'Check' : 'Command'}: ${check.name}${step}${check.url ? ` ${check.url}` : ''}`);
  }
  if (input.logTail.trim()) {
    lines.push('', 'End of the log:', '```', input.logTail.trim(), '```');
  }
  lines.push(
    '',
    input.source === 'ci'
      ? 'Find the cause from the log above (open the URL only if you need more), fix it, run the check locally if you can, then commit and push.'
      : 'Find the cause from the output above, fix it, run the command again to confirm, then commit.',
  );
  return lines.join('\n');
}
