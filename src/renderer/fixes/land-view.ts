/**
 * Words for fix results (pure, so they are unit-tested): what a land did per target and to the
 * source (a restack's or an integration's per child: `branches-view.ts`).
 */
import type { LandResult } from '../../shared/protocol/index.ts';
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
