import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { throughRows } from '../../../src/main/engine/graph/lane-bands.ts';
import { LaneLayout, layoutLanes as layoutCore, type LaidOutRow as CoreRow } from '../../../src/main/engine/graph/lane-layout.ts';

type LaidOutRow = CoreRow & { readonly through: readonly number[] };

/** The layout plus every row's `through`, materialized from the start (row 0 has nothing above it). */
function layoutLanes(commits: readonly Commit[], reserved: readonly string[] = []): { rows: LaidOutRow[]; width: number } {
  const { rows, width } = layoutCore(commits, reserved);
  const through = throughRows({ row: 0, active: [] }, (index) => rows[index]!, 0, rows.length);
  return { rows: rows.map((row, index) => ({ ...row, through: through[index]! })), width };
}

interface Commit {
  sha: string;
  parents: string[];
}

/** `"A:B C"` → commit A with parents B and C; children listed before parents, like git prints. */
function history(...lines: string[]): Commit[] {
  return lines.map((line) => {
    const [sha, parents = ''] = line.split(':');
    return { sha: sha!.trim(), parents: parents.trim() ? parents.trim().split(/\s+/) : [] };
  });
}

function pairs(flat: readonly number[]): [number, number][] {
  const result: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) result.push([flat[i]!, flat[i + 1]!]);
  return result;
}

/** Column → colour of the lines crossing the boundary below `row`. */
function bottomOf(row: LaidOutRow): Map<number, number> {
  const lines = new Map<number, number>();
  for (const [lane, color] of pairs(row.through)) lines.set(lane, color);
  for (const [lane, color] of pairs(row.out)) if (!lines.has(lane)) lines.set(lane, color);
  return lines;
}

/** Column → colour of the lines crossing the boundary above `row`. */
function topOf(row: LaidOutRow): Map<number, number> {
  const lines = new Map<number, number>();
  for (const [lane, color] of pairs(row.through)) lines.set(lane, color);
  for (const [lane, color] of pairs(row.into)) lines.set(lane, color);
  return lines;
}

/**
 * What makes a layout drawable and truthful, checked on any history:
 * - consecutive rows agree on which columns carry a line across their shared boundary, and on its colour;
 * - no line passes through a node; the first row has nothing above it;
 * - following a node's outgoing line down its column reaches exactly that parent's node.
 */
function checkLayout(commits: readonly Commit[], rows: readonly LaidOutRow[]): void {
  const rowOf = new Map(commits.map((commit, index) => [commit.sha, index]));
  expect(topOf(rows[0]!).size).toBe(0);
  rows.forEach((row, index) => {
    expect(pairs(row.through).some(([lane]) => lane === row.lane)).toBe(false);
    const throughLanes = pairs(row.through).map(([lane]) => lane);
    expect(new Set(throughLanes).size).toBe(throughLanes.length);
    if (index > 0) expect(topOf(row)).toEqual(bottomOf(rows[index - 1]!));
  });
  commits.forEach((commit, index) => {
    const outLanes = pairs(rows[index]!.out).map(([lane]) => lane);
    expect(outLanes.length).toBe(commit.parents.length);
    commit.parents.forEach((parent, p) => {
      const target = rowOf.get(parent);
      const column = outLanes[p]!;
      let below = index + 1;
      // Walk down the column: it must stay a straight line until it enters a node.
      while (below < rows.length && !pairs(rows[below]!.into).some(([lane]) => lane === column)) {
        expect(pairs(rows[below]!.through).some(([lane]) => lane === column)).toBe(true);
        below++;
      }
      if (target === undefined) {
        expect(below).toBe(rows.length); // parent outside the history: the line runs off the end
      } else {
        expect(below).toBe(target);
        // It converges into the parent's node, whatever column the node itself sits in.
        expect(pairs(rows[target]!.into).some(([lane]) => lane === column)).toBe(true);
      }
    });
  });
}

describe('lane layout', () => {
  it('keeps a linear history in one column with one colour', () => {
    const commits = history('D:C', 'C:B', 'B:A', 'A:');
    const { rows, width } = layoutLanes(commits);
    expect(rows.map((row) => row.lane)).toEqual([0, 0, 0, 0]);
    expect(new Set(rows.map((row) => row.color)).size).toBe(1);
    expect(width).toBe(1);
    expect(rows[3]!.out).toEqual([]);
    checkLayout(commits, rows);
  });

  it('draws a feature branch merged back: the merge opens a lane that ends at the fork point', () => {
    // M merges F2 into main; F1..F2 forked from A.
    const commits = history('M:B F2', 'F2:F1', 'B:A', 'F1:A', 'A:');
    const { rows, width } = layoutLanes(commits);
    expect(rows.map((row) => row.lane)).toEqual([0, 1, 0, 1, 0]);
    expect(width).toBe(2);
    expect(pairs(rows[0]!.out).map(([lane]) => lane)).toEqual([0, 1]);
    // At A both lines converge.
    expect(pairs(rows[4]!.into).map(([lane]) => lane).sort()).toEqual([0, 1]);
    expect(rows[1]!.color).not.toBe(rows[0]!.color);
    checkLayout(commits, rows);
  });

  it('gives each unmerged branch tip its own lane, converging at the fork point', () => {
    const commits = history('main:base', 'wt-a:base', 'wt-b:x', 'x:base', 'base:');
    const { rows, width } = layoutLanes(commits);
    expect(rows.map((row) => row.lane)).toEqual([0, 1, 2, 2, 0]);
    expect(width).toBe(3);
    expect(pairs(rows[4]!.into).map(([lane]) => lane).sort()).toEqual([0, 1, 2]);
    checkLayout(commits, rows);
  });

  it('lays out an octopus merge with one new lane per extra parent', () => {
    const commits = history('O:A B C D', 'D:R', 'C:R', 'B:R', 'A:R', 'R:');
    const { rows, width } = layoutLanes(commits);
    expect(pairs(rows[0]!.out).map(([lane]) => lane)).toEqual([0, 1, 2, 3]);
    expect(rows.slice(1, 5).map((row) => row.lane)).toEqual([3, 2, 1, 0]);
    expect(width).toBe(4);
    expect(rows[5]!.lane).toBe(0);
    checkLayout(commits, rows);
  });

  it('joins a merge parent that is already expected instead of opening a lane', () => {
    // Two merges of the same commit F: the second joins the line the first opened.
    const commits = history('M2:M1 F', 'M1:A F', 'F:A', 'A:');
    const { rows } = layoutLanes(commits);
    expect(pairs(rows[0]!.out).map(([lane]) => lane)).toEqual([0, 1]);
    expect(pairs(rows[1]!.out).map(([lane]) => lane)).toEqual([0, 1]);
    expect(pairs(rows[1]!.through).map(([lane]) => lane)).toEqual([1]);
    checkLayout(commits, rows);
  });

  it('reuses the column of a branch that ended, with a new colour', () => {
    // Branch X ends (converges) at B; later tip Y takes its free column.
    const commits = history('T:B', 'X:B', 'B:A', 'Y:A', 'A:');
    const { rows } = layoutLanes(commits);
    expect(rows[1]!.lane).toBe(1);
    expect(rows[3]!.lane).toBe(1);
    expect(rows[3]!.color).not.toBe(rows[1]!.color);
    checkLayout(commits, rows);
  });

  it('keeps lines of parents outside the history open to the end (truncated history)', () => {
    const commits = history('C:B', 'B:A', 'Z:Y');
    const { rows } = layoutLanes(commits);
    expect(pairs(rows[2]!.through).map(([lane]) => lane)).toEqual([0]);
    checkLayout(commits, rows);
  });

  it('handles several roots and disconnected histories', () => {
    const commits = history('a2:a1', 'b2:b1', 'a1:', 'b1:');
    const { rows, width } = layoutLanes(commits);
    expect(rows.map((row) => row.lane)).toEqual([0, 1, 0, 1]);
    expect(width).toBe(2);
    checkLayout(commits, rows);
  });

  it('stays correct with many parallel lanes (60 branches active at once)', () => {
    const tips = Array.from({ length: 60 }, (_, i) => `t${i}`);
    // Date order interleaves the branches: every branch gets one commit per round.
    const commits: Commit[] = [];
    for (let round = 3; round >= 1; round--) {
      for (const tip of tips) commits.push({ sha: `${tip}-${round}`, parents: [round > 1 ? `${tip}-${round - 1}` : 'root'] });
    }
    commits.push({ sha: 'root', parents: [] });
    const { rows, width } = layoutLanes(commits);
    expect(width).toBe(60);
    expect(pairs(rows.at(-1)!.into).length).toBe(60);
    checkLayout(commits, rows);
  });

  it('keeps the leftmost columns for targets, even when a branch ahead of them arrives first', () => {
    // W is a worktree branch one commit ahead of main's tip M; consumer C forked from A.
    const commits = history('W:M', 'C:A', 'M:A', 'A:');
    const { rows, width } = layoutLanes(commits, ['M', 'C']);
    expect(rows.map((row) => row.lane)).toEqual([2, 1, 0, 0]);
    // W's line converges into main's node in column 0.
    expect(pairs(rows[2]!.into).map(([lane]) => lane)).toEqual([2]);
    expect(width).toBe(3);
    checkLayout(commits, rows);
  });

  it('releases the column of a target sharing its tip with an earlier target', () => {
    const commits = history('M:A', 'X:A', 'A:');
    const { rows } = layoutLanes(commits, ['M', 'M']);
    expect(rows.map((row) => row.lane)).toEqual([0, 1, 0]);
    checkLayout(commits, rows);
  });

  it('materializes the same passing lines from any checkpoint as from the start', () => {
    const commits = history('M:B F2', 'X:A', 'F2:F1', 'B:A', 'F1:A', 'Y:A', 'A:');
    const layout = new LaneLayout();
    const checkpoints: { row: number; active: number[] }[] = [];
    const rows = commits.map((commit, index) => {
      checkpoints.push({ row: index, active: layout.active() });
      return layout.push(commit.sha, commit.parents);
    });
    const fromStart = throughRows(checkpoints[0]!, (i) => rows[i]!, 0, rows.length);
    checkpoints.forEach((checkpoint) => {
      expect(throughRows(checkpoint, (i) => rows[i]!, checkpoint.row, rows.length)).toEqual(fromStart.slice(checkpoint.row));
    });
    // A page in the middle, replayed from an earlier checkpoint.
    expect(throughRows(checkpoints[1]!, (i) => rows[i]!, 3, 5)).toEqual(fromStart.slice(3, 5));
  });

  it('produces a drawable layout for random histories (property)', () => {
    // A random DAG in a valid child-first order: commit i may only have parents with larger i.
    const dag = fc
      .integer({ min: 1, max: 60 })
      .chain((size) =>
        fc.tuple(
          fc.constant(size),
          fc.array(
            fc.array(fc.integer({ min: 1, max: size }), { maxLength: 4 }),
            { minLength: size, maxLength: size },
          ),
        ),
      )
      .map(([size, parentOffsets]) =>
        parentOffsets.map((offsets, index) => ({
          sha: `c${index}`,
          // Dedupe like git does, and sometimes point beyond the end (a truncated history).
          parents: [...new Set(offsets.map((offset) => index + offset))]
            .filter((parent) => parent < size + 2)
            .map((parent) => `c${parent}`),
        })),
      );
    fc.assert(
      fc.property(dag, fc.array(fc.nat(), { maxLength: 3 }), (commits, picks) => {
        // Some commits (or ones outside the history) kept as target tips.
        const reserved = picks.map((pick) => `c${pick % (commits.length + 2)}`);
        const { rows } = layoutLanes(commits, reserved);
        checkLayout(commits, rows);
      }),
      { numRuns: 150 },
    );
  });
});
