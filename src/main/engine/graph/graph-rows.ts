/**
 * Turn `git log` records into ready-to-draw graph rows: lanes, labels, and which targets each
 * commit is merged into by ancestry.
 *
 * Pure and incremental (one record at a time, child-first), so it runs in the graph worker while
 * git is still printing and is unit-tested without git.
 */
import type { GraphRef, GraphRow } from '../../../shared/protocol/graph.ts';
import type { LaneCheckpoint } from './lane-bands.ts';
import { LaneLayout } from './lane-layout.ts';
import type { GraphScope } from './graph-scope.ts';

/** One commit as `git log` printed it (see {@link LOG_FIELDS}). */
export interface LogRecord {
  readonly sha: string;
  readonly parents: string;
  readonly decorations: string;
  readonly author: string;
  readonly time: string;
  readonly subject: string;
}

/** The placeholders, in record order; `%H` first because a record's first field loses its leading newline. */
export const LOG_FIELDS = ['%H', '%P', '%D', '%an', '%at', '%s'] as const;

/** A row as the layout makes it: everything but the lines passing through (lane-bands.ts). */
export type LaidOutCommit = Omit<GraphRow, 'through'>;

/** Active lanes are recorded every this many rows, so any page replays at most this many extra rows. */
export const CHECKPOINT_EVERY = 256;

/** Builds rows for one scope. */
export class GraphRowBuilder {
  private count = 0;
  private checkpoints: LaneCheckpoint[] = [];
  private readonly layout: LaneLayout;
  /** Commit → targets that reach it through a child already seen. */
  private readonly pendingTargets = new Map<string, number>();
  private readonly tipTargets = new Map<string, number>();
  private readonly targets: ReadonlySet<string>;
  private readonly worktreeOf: ReadonlyMap<string, string>;
  private readonly detached = new Map<string, string[]>();

  constructor(scope: Pick<GraphScope, 'targets' | 'targetTips' | 'branchWorktrees' | 'detachedHeads'>) {
    // Targets keep the leftmost columns, in their order (the default branch first).
    this.layout = new LaneLayout(scope.targetTips);
    scope.targetTips.forEach((tip, index) => {
      this.tipTargets.set(tip, (this.tipTargets.get(tip) ?? 0) | (1 << index));
    });
    this.targets = new Set(scope.targets);
    this.worktreeOf = new Map(scope.branchWorktrees);
    for (const [head, path] of scope.detachedHeads) {
      const paths = this.detached.get(head) ?? [];
      paths.push(path);
      this.detached.set(head, paths);
    }
  }

  get width(): number {
    return this.layout.width;
  }

  /** Checkpoints recorded since the last call (one per CHECKPOINT_EVERY rows, row 0 included). */
  takeCheckpoints(): LaneCheckpoint[] {
    const taken = this.checkpoints;
    this.checkpoints = [];
    return taken;
  }

  /** The next row; records must come child-first. */
  push(record: LogRecord): LaidOutCommit {
    if (this.count % CHECKPOINT_EVERY === 0) this.checkpoints.push({ row: this.count, active: this.layout.active() });
    this.count++;
    const parents = record.parents === '' ? [] : record.parents.split(' ');
    const laid = this.layout.push(record.sha, parents);
    const inTargets = (this.pendingTargets.get(record.sha) ?? 0) | (this.tipTargets.get(record.sha) ?? 0);
    this.pendingTargets.delete(record.sha);
    if (inTargets !== 0) {
      for (const parent of parents) this.pendingTargets.set(parent, (this.pendingTargets.get(parent) ?? 0) | inTargets);
    }
    return {
      sha: record.sha,
      parents,
      author: record.author,
      time: Number(record.time) || 0,
      subject: record.subject,
      refs: parseDecorations(record.decorations, this.targets, this.worktreeOf),
      worktrees: this.detached.get(record.sha) ?? [],
      lane: laid.lane,
      color: laid.color,
      into: laid.into as number[],
      out: laid.out as number[],
      inTargets,
    };
  }
}

const PREFIXES: readonly (readonly [string, GraphRef['kind']])[] = [
  ['refs/heads/', 'branch'],
  ['refs/remotes/', 'remote'],
  ['tag: refs/tags/', 'tag'],
];

/**
 * Parse `%D` printed with `--decorate=full` (`HEAD -> refs/heads/main, tag: refs/tags/v1, …`).
 *
 * Full names keep a local branch called `origin/x` apart from a remote-tracking one. `HEAD` is
 * dropped (it is the engine's own checkout, not the user's), as are refs outside heads, remotes
 * and tags (stash, archives) and remote `HEAD` symrefs. Branches first, then remotes, then tags.
 */
export function parseDecorations(
  text: string,
  targets: ReadonlySet<string>,
  worktreeOf: ReadonlyMap<string, string>,
): GraphRef[] {
  if (text === '') return [];
  const refs: GraphRef[] = [];
  for (let part of text.split(', ')) {
    if (part.startsWith('HEAD -> ')) part = part.slice('HEAD -> '.length);
    for (const [prefix, kind] of PREFIXES) {
      if (!part.startsWith(prefix)) continue;
      const name = part.slice(prefix.length);
      if (kind === 'remote' && name.endsWith('/HEAD')) break;
      const isBranch = kind === 'branch';
      refs.push({
        name,
        kind,
        target: (isBranch || kind === 'remote') && targets.has(name),
        worktree: isBranch ? (worktreeOf.get(name) ?? null) : null,
      });
      break;
    }
  }
  const order: Record<GraphRef['kind'], number> = { branch: 0, remote: 1, tag: 2 };
  return refs.sort((a, b) => order[a.kind] - order[b.kind]);
}

/**
 * Split NUL-separated `git log` output into records as it streams in.
 *
 * Each record is the fields of {@link LOG_FIELDS}, each followed by NUL, then git's newline.
 */
export class LogRecordSplitter {
  private carry = '';
  private fields: string[] = [];

  /** Feed decoded text; returns the records it completed. */
  feed(text: string): LogRecord[] {
    const records: LogRecord[] = [];
    const tokens = (this.carry + text).split('\0');
    this.carry = tokens.pop() ?? '';
    for (const token of tokens) {
      this.fields.push(this.fields.length === 0 ? token.replace(/^\n/, '') : token);
      if (this.fields.length === LOG_FIELDS.length) {
        const [sha, parents, decorations, author, time, subject] = this.fields as [string, string, string, string, string, string];
        records.push({ sha, parents, decorations, author, time, subject });
        this.fields = [];
      }
    }
    return records;
  }
}
