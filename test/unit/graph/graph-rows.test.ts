import { describe, expect, it } from 'vitest';
import { GraphRowBuilder, LogRecordSplitter, parseDecorations } from '../../../src/main/engine/graph/graph-rows.ts';

describe('parseDecorations', () => {
  const targets = new Set(['main', 'origin/main']);
  const worktrees = new Map([['feature/x', '/w/x']]);

  it('reads full ref names into kinds, drops HEAD, remote HEAD and foreign refs, branches first', () => {
    const text =
      'tag: refs/tags/v1, HEAD -> refs/heads/main, refs/remotes/origin/main, refs/remotes/origin/HEAD, refs/stash, refs/heads/feature/x';
    expect(parseDecorations(text, targets, worktrees)).toEqual([
      { name: 'main', kind: 'branch', target: true, worktree: null },
      { name: 'feature/x', kind: 'branch', target: false, worktree: '/w/x' },
      { name: 'origin/main', kind: 'remote', target: true, worktree: null },
      { name: 'v1', kind: 'tag', target: false, worktree: null },
    ]);
  });

  it('keeps a local branch named like a remote apart from the remote-tracking one', () => {
    expect(parseDecorations('refs/heads/origin/main', new Set(), new Map())).toEqual([
      { name: 'origin/main', kind: 'branch', target: false, worktree: null },
    ]);
    expect(parseDecorations('', targets, worktrees)).toEqual([]);
  });
});

describe('LogRecordSplitter', () => {
  const record = (sha: string, subject: string) => `${sha}\0p1 p2\0refs/heads/a\0Ann Author\x001700000000\0${subject}\0\n`;

  it('splits records however the stream is chunked, keeping odd subjects whole', () => {
    const text = record('a'.repeat(40), 'fix: ünïcode, commas, tabs\there') + record('b'.repeat(40), '');
    for (const size of [1, 3, 7, 64, text.length]) {
      const splitter = new LogRecordSplitter();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...splitter.feed(text.slice(i, i + size)));
      expect(records).toEqual([
        { sha: 'a'.repeat(40), parents: 'p1 p2', decorations: 'refs/heads/a', author: 'Ann Author', time: '1700000000', subject: 'fix: ünïcode, commas, tabs\there' },
        { sha: 'b'.repeat(40), parents: 'p1 p2', decorations: 'refs/heads/a', author: 'Ann Author', time: '1700000000', subject: '' },
      ]);
    }
  });
});

describe('GraphRowBuilder', () => {
  it('marks commits reachable from each target tip, through merges', () => {
    // main: M (merge of F) → A ; consumer: C → A ; F → A
    const builder = new GraphRowBuilder({ targets: ['main', 'consumer'], targetTips: ['M', 'C'], branchWorktrees: [], detachedHeads: [['F', '/w/f']] });
    const push = (sha: string, parents: string) => builder.push({ sha, parents, decorations: '', author: 'a', time: '1', subject: sha });
    const rows = [push('M', 'A F'), push('C', 'A'), push('F', 'A'), push('X', 'A'), push('A', '')];
    expect(rows.map((row) => [row.sha, row.inTargets])).toEqual([
      ['M', 0b01],
      ['C', 0b10],
      ['F', 0b01],
      ['X', 0],
      ['A', 0b11],
    ]);
    expect(rows[2]!.worktrees).toEqual(['/w/f']);
    expect(rows[4]!.parents).toEqual([]);
  });
});
