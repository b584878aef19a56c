/**
 * Ancestry, ahead/behind and merge bases for many (branch, target) pairs from ONE commit walk.
 *
 * `git rev-list --parents` over every tip (branches and targets), cut below the tips' common
 * ancestors (`merge-base --octopus`: everything under them is an ancestor of every tip, so it
 * can never count as ahead or behind), is read once into integer-indexed arrays. Each question
 * that took a process per pair before (`merge-base --is-ancestor`, `rev-list --count` both ways,
 * `merge-base`, the two `rev-list`s of a `git cherry`) is then a walk over those arrays:
 *
 * - `ahead`  = |anc(B) \ anc(T)| (`rev-list --count T..B`),
 * - `behind` = |anc(T) \ anc(B)| (`rev-list --count B..T`),
 * - merged   ⇔ B ∈ anc(T),
 * - merge bases = the maximal commits of anc(B) ∩ anc(T), found as the first commits of T's
 *   history met on the way down from B.
 *
 * Commits named only as parents of walked commits ("outside" commits) lie under the cut: they
 * are ancestors of every tip. Walks yield to the event loop between subjects, so a large history
 * never blocks the engine for long.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { octopusMergeBases } from '../git/merge-base.ts';
import { revListParents } from '../git/rev-list-parents.ts';

/** What the walk tells about one (branch, target) pair. */
export interface WalkFacts {
  readonly merged: boolean;
  readonly ahead: number;
  readonly behind: number;
  /**
   * The merge base when there is exactly one (`git merge-base` would print it), null when the
   * histories are unrelated, undefined when there are several (criss-cross: ask git).
   */
  readonly mergeBase: string | null | undefined;
  /** Non-merge commits of B not in T (`base..B --no-merges` with one merge base), newest first. */
  readonly branchCommits: readonly string[];
  /** Non-merge commits of T not in B, newest first, at most `targetScanMax`. */
  readonly targetCommits: readonly string[];
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A target's ancestry, computed once per map and shared by every branch compared with it. */
export interface TargetAncestry {
  readonly sha: string;
  /** Per node: 1 when it is an ancestor of the target (outside commits it reaches included). */
  readonly marks: Uint8Array;
  /** How many listed (above the cut) commits are ancestors of the target. */
  readonly listedCount: number;
}

export class CommitWalk {
  /** sha → node; outside commits are numbered as they are first met. */
  private readonly ids = new Map<string, number>();
  private readonly shas: string[] = [];
  /** Per node: parent nodes (empty for outside commits, whose parents were not walked). */
  private readonly parents: number[][] = [];
  /** Listed nodes in git's output order (newest first). */
  private readonly order: number[] = [];
  /** Per node: 1 when git listed it (above the cut), 0 for an outside commit. */
  private listed: Uint8Array = new Uint8Array(0);
  /** Reused per walk: node → stamp of the walk that reached it. */
  private stamps: Int32Array = new Int32Array(0);
  private stamp = 0;
  /** The common bases the walk stopped at (every outside commit is one of them or below them). */
  private cut: readonly string[] = [];

  /** Walk everything reachable from `tips` (full shas) in the repository at `cwd`. */
  static async read(cwd: string, tips: readonly string[], signal?: AbortSignal): Promise<Result<CommitWalk>> {
    const unique = [...new Set(tips)];
    const bases = await octopusMergeBases(cwd, unique, signal);
    if (!bases.ok) return bases;
    // A tip that is itself a common base would be cut away with it: walk everything then.
    const cut = bases.value.some((base) => unique.includes(base)) ? [] : bases.value;
    const text = await revListParents(cwd, unique, cut, signal);
    if (!text.ok) return text;
    const walk = new CommitWalk();
    walk.cut = cut;
    await walk.parse(text.value);
    return ok(walk);
  }

  /** Build from `rev-list --parents` output (yields to the event loop every 20 000 lines). */
  async parse(text: string): Promise<void> {
    let start = 0;
    let lines = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      if (end > start) {
        const fields = text.slice(start, end).split(' ');
        const node = this.node(fields[0]!);
        const parents: number[] = [];
        for (let index = 1; index < fields.length; index++) parents.push(this.node(fields[index]!));
        this.parents[node] = parents;
        this.order.push(node);
      }
      start = end + 1;
      if (++lines % 20_000 === 0) await yieldToLoop();
    }
    this.listed = new Uint8Array(this.shas.length);
    for (const node of this.order) this.listed[node] = 1;
    this.stamps = new Int32Array(this.shas.length);
  }

  /** anc(tip), computed once per target. */
  ancestry(tip: string): TargetAncestry {
    const marks = new Uint8Array(this.shas.length);
    const start = this.ids.get(tip);
    if (start !== undefined) {
      const stack = [start];
      marks[start] = 1;
      while (stack.length > 0) {
        const node = stack.pop()!;
        for (const parent of this.parents[node]!) {
          if (marks[parent] === 0) {
            marks[parent] = 1;
            stack.push(parent);
          }
        }
      }
    }
    let listedCount = 0;
    for (const node of this.order) listedCount += marks[node]!;
    return { sha: tip, marks, listedCount };
  }

  /**
   * Facts for `branch` against each target, from one walk of the branch's history.
   * `targetScanMax` bounds `targetCommits`.
   */
  async compare(branch: string, targets: readonly TargetAncestry[], targetScanMax: number): Promise<WalkFacts[]> {
    await yieldToLoop();
    const listed = this.listed;
    const start = this.ids.get(branch);
    const stamp = ++this.stamp;
    const reached: number[] = [];
    if (start !== undefined) {
      const stack = [start];
      this.stamps[start] = stamp;
      while (stack.length > 0) {
        const node = stack.pop()!;
        reached.push(node);
        for (const parent of this.parents[node]!) {
          if (this.stamps[parent] !== stamp) {
            this.stamps[parent] = stamp;
            stack.push(parent);
          }
        }
      }
    }
    return targets.map((target) => {
      // Outside commits are ancestors of every tip, so of every target.
      const inTarget = (node: number): boolean => target.marks[node] === 1 || listed[node] === 0;
      // A branch tip not walked at all was cut away as the common base: in every target.
      const merged = start === undefined || inTarget(start);
      let ahead = 0;
      let shared = 0;
      const branchNodes: number[] = [];
      for (const node of reached) {
        if (listed[node] === 0) continue;
        if (inTarget(node)) shared += 1;
        else {
          ahead += 1;
          if (this.parents[node]!.length < 2) branchNodes.push(node);
        }
      }
      const behind = start === undefined ? target.listedCount : target.listedCount - shared;
      if (merged) return { merged, ahead, behind, mergeBase: branch, branchCommits: [], targetCommits: [] };
      const targetCommits: string[] = [];
      for (const node of this.order) {
        if (targetCommits.length >= targetScanMax) break;
        if (target.marks[node] === 1 && this.stamps[node] !== stamp && this.parents[node]!.length < 2) targetCommits.push(this.shas[node]!);
      }
      return {
        merged,
        ahead,
        behind,
        mergeBase: this.mergeBaseOf(reached, inTarget),
        branchCommits: this.inOrder(branchNodes),
        targetCommits,
      };
    });
  }

  /** The single maximal commit of anc(B) ∩ anc(T), null when none, undefined when several. */
  private mergeBaseOf(reached: readonly number[], inTarget: (node: number) => boolean): string | null | undefined {
    // The first commits of T's history met on the way down from B: every merge base is one.
    const boundary = new Set<number>();
    for (const node of reached) {
      if (inTarget(node)) continue;
      for (const parent of this.parents[node]!) if (inTarget(parent)) boundary.add(parent);
    }
    if (boundary.size === 0) return null;
    // With one cut base C, every other outside commit is an ancestor of C, and C is a common
    // ancestor of every tip: none of them can be a merge base.
    const onlyCut = this.cut.length === 1 ? this.ids.get(this.cut[0]!) : undefined;
    if (onlyCut !== undefined) for (const node of boundary) if (this.listed[node] === 0 && node !== onlyCut) boundary.delete(node);
    if (boundary.size === 1) return this.shas[[...boundary][0]!];
    // Drop every boundary commit that is an ancestor of another; the ancestry of outside
    // commits is unknown, so a tie involving two of them goes to git.
    const below = new Set<number>();
    for (const node of boundary) {
      const stack = [...this.parents[node]!];
      const seen = new Set<number>();
      while (stack.length > 0) {
        const next = stack.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        if (boundary.has(next)) below.add(next);
        stack.push(...this.parents[next]!);
      }
    }
    const maximal = [...boundary].filter((node) => !below.has(node));
    const outside = maximal.filter((node) => this.listed[node] === 0);
    if (maximal.length === 1 && outside.length <= 1) return this.shas[maximal[0]!];
    return undefined;
  }

  /** Shas of listed nodes in git's output order. */
  private inOrder(nodes: number[]): string[] {
    if (nodes.length === 0) return [];
    const wanted = new Set(nodes);
    const shas: string[] = [];
    for (const node of this.order) if (wanted.has(node)) shas.push(this.shas[node]!);
    return shas;
  }

  private node(sha: string): number {
    let node = this.ids.get(sha);
    if (node === undefined) {
      node = this.shas.length;
      this.ids.set(sha, node);
      this.shas.push(sha);
      this.parents.push([]);
    }
    return node;
  }
}
