/**
 * The help texts read as one tool: in every command's and subcommand's text, the options of one
 * block start their descriptions in one column.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP, SUBCOMMAND_HELP } from '../../../src/main/cli/command-help.ts';

/** The column each option's description starts at, per block of consecutive option lines. */
function descriptionColumns(text: string): number[][] {
  const blocks: number[][] = [];
  let current: number[] | null = null;
  for (const line of text.split('\n')) {
    const option = /^( {2}-{1,2}\S+(?: [A-Z|<>[\].]+)?\s{2,})\S/.exec(line);
    if (option) {
      (current ??= []).push(option[1]!.length);
      continue;
    }
    // A continuation line (deeper indent) stays in the block; anything else ends it.
    if (current && /^ {4,}\S/.test(line)) continue;
    if (current) blocks.push(current);
    current = null;
  }
  if (current) blocks.push(current);
  return blocks;
}

const texts: Array<[string, string]> = [
  ...Object.entries(COMMAND_HELP),
  ...Object.entries(SUBCOMMAND_HELP).flatMap(([command, subs]) => Object.entries(subs).map(([sub, text]): [string, string] => [`${command} ${sub}`, text])),
];

describe('help texts', () => {
  it.each(texts)('%s: each block of options is aligned in one column', (_name, text) => {
    for (const block of descriptionColumns(text)) expect(new Set(block).size, `columns ${block.join(', ')}`).toBe(1);
  });

  it('finds misalignment when there is some', () => {
    expect(descriptionColumns('Options:\n  --repo PATH    a\n  --json         b\n').map((b) => new Set(b).size)).toEqual([1]);
    expect(descriptionColumns('Options:\n  --repo PATH   a\n  --json         b\n').map((b) => new Set(b).size)).toEqual([2]);
  });
});
