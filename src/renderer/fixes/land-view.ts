/**
 * Words for fix results (pure, so they are unit-tested): what a land did per target and to the
 * source, and what a restack did per child.
 */
import type { ChildResult, LandResult } from '../../shared/protocol/index.ts';
import { plural } from '../../shared/plural.ts';

export interface LandLine {
  readonly tone: 'ok' | 'warn' | 'error';
  readonly text: string;
}

export function landLines(result: LandResult): LandLine[] {
  if (!result.landed) {
    const { conflict } = result;
    const files = conflict.files.length > 0 ? conflict.files.join(', ') : 'some files';
    return [
      {
        tone: 'error',
        text: `${result.fixBranch} conflicts with ${conflict.where === 'source' ? 'its source ' : ''}${conflict.target} in ${files}. Nothing was changed.`,
      },
    ];
  }
  const lines: LandLine[] = Object.entries(result.targets).map(([name, target]) => ({
    tone: 'ok',
    text:
      target.commits.length === 0
        ? `${name} already had the fix.`
        : `${name}: ${plural(target.commits.length, 'commit')} landed (now ${target.head.slice(0, 8)}).`,
  }));
  lines.push(
    result.source.update === 'skipped'
      ? { tone: 'warn', text: `${result.source.branch || 'The source'} was not updated: ${result.source.reason ?? 'skipped'}.` }
      : { tone: 'ok', text: `${result.source.branch} has the fix too (${result.source.update}).` },
  );
  return lines;
}

export function restackSummary(results: readonly ChildResult[]): { ok: boolean; text: string } {
  if (results.length === 0) return { ok: true, text: 'Every child is up to date.' };
  const parts = results.map((child) =>
    child.result === 'conflict'
      ? `${child.branch} conflicts in ${child.files.join(', ')} (left as it was)`
      : child.result === 'skipped'
        ? `${child.branch} skipped: ${child.reason ?? ''}`
        : `${child.branch} ${child.result}`,
  );
  return { ok: results.every((child) => child.result !== 'conflict' && child.result !== 'skipped'), text: `Restack: ${parts.join('; ')}.` };
}
