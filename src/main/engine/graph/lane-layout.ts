/**
 * Lane layout of a commit graph from `%H %P` alone: our own algorithm, never `git log --graph`.
 *
 * Commits arrive in an order where every child comes before its parents (`--date-order` or
 * `--topo-order` both guarantee it). A lane is a column that "expects" one commit further down;
 * a row takes the leftmost lane expecting it (or a free lane when nobody does: a branch tip),
 * every other lane expecting it converges into it, its first parent continues in its lane, and
 * each further parent of a merge joins a lane that already expects it or opens a new one.
 *
 * Lanes never shift sideways once opened (a freed column is reused by the next lane that needs
 * one). A row records only what changes at it: the lines converging into its node (`into`) and
 * the lines leaving it (`out`), so the layout costs O(commits + parents), however many lanes run
 * in parallel. The lines merely passing a row (`through`) follow from the lanes active above it
 * minus `into`; lane-bands.ts materializes them for the rows a client actually asks for, from
 * checkpoints of the active lanes ({@link LaneLayout.active}). The layout is incremental (one
 * `push` per commit), so rows can be handed out while git is still printing.
 *
 * Colours are per lane *occupancy*, not per column: a line keeps its colour from tip to end, and a
 * column reused later gets a new one. Clients map `color % palette.length`.
 *
 * Targets keep the leftmost columns: the tips given as `reserved` (main → 0, consumer → 1) claim
 * their column when they arrive, even when another lane was already waiting for them, and no
 * other line takes those columns before. So the long-lived branches stay put on the left however
 * many worktree branches open to their right.
 */

/** Where one row's node sits and which lines start or end at it. */
export interface LaidOutRow {
  /** Column of the commit's node. */
  readonly lane: number;
  /** Colour id of the node's line. */
  readonly color: number;
  /** Lines from the top of the band to the node: flat `[fromLane, color, …]`. Empty for a branch tip. */
  readonly into: readonly number[];
  /** Lines from the node to the bottom of the band: flat `[toLane, color, …]`, first parent first. Empty for a root. */
  readonly out: readonly number[];
}

/** Shared by every row without lines on one side (tips, roots): no allocation for them. */
const NONE: readonly number[] = Object.freeze([]);

/**
 * Incremental lane assignment; feed commits child-first.
 *
 * Hot path (20k commits per layout): a commit usually has one column expecting it and one
 * parent, so `expected` holds a plain column number and only becomes an array when several
 * columns wait for the same commit; rows without lines on one side share one empty array.
 */
export class LaneLayout {
  /** Per column: the commit its line expects next, or null when the column is free. */
  private readonly lanes: (string | null)[] = [];
  private readonly laneColors: number[] = [];
  /** Commit → the column expecting it, or every such column (several when branches forked from it). */
  private readonly expected = new Map<string, number | number[]>();
  private nextColor = 0;
  private widest = 0;
  /** Tip → the columns kept for it; columns kept for tips not seen yet. */
  private readonly reservedFor = new Map<string, number[]>();
  /** Per column: true while kept for a target tip not seen yet. */
  private readonly reserved: boolean[] = [];
  private reservedLeft = 0;

  /** `reserved`: tips (targets) in the order of the columns they keep, from 0. */
  constructor(reserved: readonly string[] = []) {
    reserved.forEach((sha, column) => {
      const columns = this.reservedFor.get(sha) ?? [];
      columns.push(column);
      this.reservedFor.set(sha, columns);
      this.reserved[column] = true;
      this.reservedLeft += 1;
      this.lanes.push(null);
      this.laneColors.push(0);
    });
  }

  /** The most columns any row so far used (the graph's width). */
  get width(): number {
    return this.widest;
  }

  /** Lay out the next commit. `parents` in git's order (first parent first). */
  push(sha: string, parents: readonly string[]): LaidOutRow {
    const lanes = this.lanes;
    const colors = this.laneColors;
    const waiting = this.expected.get(sha);
    if (waiting !== undefined) this.expected.delete(sha);

    let lane: number;
    let into: number[] | readonly number[] = NONE;
    const kept = this.reservedLeft > 0 ? this.reservedFor.get(sha) : undefined;
    if (kept) {
      // A target's tip: its kept column (the first, when several targets share the tip).
      this.reservedFor.delete(sha);
      for (const column of kept) {
        this.reserved[column] = false;
        this.reservedLeft -= 1;
      }
      lane = kept[0]!;
      colors[lane] = this.nextColor++;
      if (waiting !== undefined) into = this.converge(waiting);
    } else if (typeof waiting === 'number') {
      lane = waiting;
      into = [waiting, colors[waiting]!];
      lanes[waiting] = null;
    } else if (waiting !== undefined) {
      lane = waiting[0]!;
      for (const column of waiting) if (column < lane) lane = column;
      into = this.converge(waiting);
    } else {
      lane = this.freeColumn();
      colors[lane] = this.nextColor++;
    }
    const color = colors[lane]!;

    let out: number[] | readonly number[] = NONE;
    if (parents.length > 0) {
      // The first parent continues straight down in this lane, even when another lane already
      // expects it: both lines then meet at the fork point, which is where the branch started.
      const first = parents[0]!;
      lanes[lane] = first;
      this.expect(first, lane);
      const lines: number[] = [lane, color];
      for (let index = 1; index < parents.length; index++) {
        const parent = parents[index]!;
        const existing = this.expected.get(parent);
        if (existing !== undefined) {
          // A merge of something already on its way down: join that line.
          let target: number;
          if (typeof existing === 'number') target = existing;
          else {
            target = existing[0]!;
            for (const column of existing) if (column < target) target = column;
          }
          lines.push(target, colors[target]!);
        } else {
          const column = this.freeColumn();
          lanes[column] = parent;
          colors[column] = this.nextColor++;
          this.expect(parent, column);
          lines.push(column, colors[column]!);
        }
      }
      out = lines;
    }
    // Trailing free columns are dropped so the width follows the live lines (kept ones stay).
    while (lanes.length > 0 && lanes[lanes.length - 1] === null && this.reserved[lanes.length - 1] !== true) lanes.pop();
    const used = lane + 1 > lanes.length ? lane + 1 : lanes.length;
    if (used > this.widest) this.widest = used;
    return { lane, color, into, out };
  }

  /** Free every column in `waiting` and return the lines converging from them. */
  private converge(waiting: number | number[]): number[] {
    const into: number[] = [];
    for (const column of typeof waiting === 'number' ? [waiting] : waiting) {
      into.push(column, this.laneColors[column]!);
      this.lanes[column] = null;
    }
    return into;
  }

  /** The lines crossing the boundary below the last row: flat `[lane, color, …]`, by column. */
  active(): number[] {
    const active: number[] = [];
    for (let column = 0; column < this.lanes.length; column++) {
      if (this.lanes[column] !== null) active.push(column, this.laneColors[column]!);
    }
    return active;
  }

  private expect(sha: string, column: number): void {
    const current = this.expected.get(sha);
    if (current === undefined) this.expected.set(sha, column);
    else if (typeof current === 'number') {
      if (current !== column) this.expected.set(sha, [current, column]);
    } else if (!current.includes(column)) current.push(column);
  }

  /** The leftmost free column not kept for a target (a new one at the right when all are taken). */
  private freeColumn(): number {
    for (let column = 0; column < this.lanes.length; column++) {
      if (this.lanes[column] === null && this.reserved[column] !== true) return column;
    }
    this.lanes.push(null);
    return this.lanes.length - 1;
  }
}

/** Lay out a whole history at once (tests, benchmarks); see lane-bands.ts for the `through` lines. */
export function layoutLanes(
  commits: readonly { readonly sha: string; readonly parents: readonly string[] }[],
  reserved: readonly string[] = [],
): {
  rows: LaidOutRow[];
  width: number;
} {
  const layout = new LaneLayout(reserved);
  const rows = commits.map((commit) => layout.push(commit.sha, commit.parents));
  return { rows, width: layout.width };
}
