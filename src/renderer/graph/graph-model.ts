/**
 * The client side of the branch graph: rows fetched page by page as the view needs them.
 *
 * Plain TypeScript outside React: the canvas asks `row(i)` for what it draws and calls `ensure`
 * for the visible range; pages arrive asynchronously and `onChange` asks for a redraw. No layout
 * happens here: rows come laid out from the engine. When the engine answers with a different
 * revision (the refs moved), everything loaded is dropped and the view starts over.
 */
import { GRAPH_MAX_COMMITS, type GraphOrder, type GraphPage, type GraphRow } from '../../shared/protocol/index.ts';
import { callEngine, type EngineAccess } from '../engine/call-engine.ts';
import type { UiError } from '../errors/ui-error.ts';

/**
 * Rows per request: about three screens. Small on purpose: the client validates every answer
 * against the contract on the main thread, and a 500-row page cost 10–70 ms of it (a dropped
 * frame or four while scrolling); 128 rows cost a quarter of that.
 */
export const GRAPH_PAGE_ROWS = 128;

/** What the page's header and details need (changes rarely, unlike scrolling). */
export interface GraphSummary {
  readonly revision: string | null;
  readonly targets: readonly string[];
  /** Rows the engine has laid out so far. */
  readonly total: number;
  readonly complete: boolean;
  readonly truncated: boolean;
  readonly width: number;
  readonly loading: boolean;
  readonly error: UiError | null;
}

export class GraphModel {
  private pages = new Map<number, readonly GraphRow[]>();
  private inFlight = new Set<number>();
  private summaryValue: GraphSummary = { revision: null, targets: [], total: 0, complete: false, truncated: false, width: 0, loading: true, error: null };
  private listeners = new Set<() => void>();
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly engine: EngineAccess,
    readonly repoId: string,
    readonly order: GraphOrder,
  ) {}

  get summary(): GraphSummary {
    return this.summaryValue;
  }

  /** Rows to give the scroller: what exists, plus one page of room while the engine is still laying out. */
  get scrollRows(): number {
    const { total, complete } = this.summaryValue;
    return complete ? total : total + GRAPH_PAGE_ROWS;
  }

  row(index: number): GraphRow | undefined {
    return this.pages.get(Math.floor(index / GRAPH_PAGE_ROWS))?.[index % GRAPH_PAGE_ROWS];
  }

  /** Index of a loaded commit (parents one click away), or -1. */
  indexOf(sha: string): number {
    for (const [page, rows] of this.pages) {
      const at = rows.findIndex((row) => row.sha === sha);
      if (at !== -1) return page * GRAPH_PAGE_ROWS + at;
    }
    return -1;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Start over from page 0 (after a refresh or a worktree change): keeps drawing old rows until the answer. */
  reload(): void {
    this.generation++;
    this.inFlight.clear();
    void this.fetch(0, true);
  }

  /** Make sure rows `[from, to)` are loaded or on their way. */
  ensure(from: number, to: number): void {
    if (this.summaryValue.revision === null) {
      if (this.inFlight.size === 0) void this.fetch(0, true);
      return;
    }
    const first = Math.max(0, Math.floor(from / GRAPH_PAGE_ROWS));
    const last = Math.floor(Math.max(from, to - 1) / GRAPH_PAGE_ROWS);
    for (let page = first; page <= last; page++) {
      if (this.pages.has(page) || this.inFlight.has(page)) continue;
      if (this.summaryValue.complete && page * GRAPH_PAGE_ROWS >= this.summaryValue.total) continue;
      void this.fetch(page, false);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private async fetch(page: number, fresh: boolean): Promise<void> {
    const generation = this.generation;
    this.inFlight.add(page);
    const input = {
      repoId: this.repoId,
      offset: page * GRAPH_PAGE_ROWS,
      limit: GRAPH_PAGE_ROWS,
      order: this.order,
      ...(fresh || this.summaryValue.revision === null ? {} : { revision: this.summaryValue.revision }),
    };
    const result = await callEngine(this.engine, (client) => client.graph.commits(input));
    if (this.disposed || generation !== this.generation) return;
    this.inFlight.delete(page);
    if (!result.ok) {
      this.update({ loading: false, error: result.error });
      return;
    }
    const value: GraphPage = result.value;
    if (value.revision !== this.summaryValue.revision) {
      // A new layout: what was loaded belongs to the old one.
      this.pages = new Map();
      this.inFlight = new Set();
      if (value.offset !== 0) {
        this.summaryValue = { ...this.summaryValue, revision: value.revision };
        this.generation++;
        void this.fetch(0, false);
        return;
      }
    }
    this.pages.set(page, value.rows);
    if (!value.complete && this.completionFor !== this.generation) void this.awaitCompletion(value.revision);
    this.update({
      revision: value.revision,
      targets: value.targets,
      total: Math.max(value.total, value.offset + value.rows.length),
      complete: value.complete,
      truncated: value.truncated,
      width: value.width,
      loading: false,
      error: null,
    });
  }

  /** The generation whose completion is being awaited (one long poll per layout). */
  private completionFor = -1;

  /**
   * Learn the final row count without loading every row: ask for the very last possible row,
   * which the engine answers once the layout is complete (with no rows unless it was cut there).
   */
  private async awaitCompletion(revision: string): Promise<void> {
    const generation = this.generation;
    this.completionFor = generation;
    const input = { repoId: this.repoId, offset: GRAPH_MAX_COMMITS - 1, limit: 1, order: this.order, revision };
    const result = await callEngine(this.engine, (client) => client.graph.commits(input));
    if (this.disposed || generation !== this.generation || !result.ok) return;
    if (result.value.revision !== this.summaryValue.revision) {
      this.reload();
      return;
    }
    const { total, complete, truncated, width } = result.value;
    this.update({ total, complete, truncated, width });
  }

  /**
   * Apply `next` and tell listeners (the canvas draws the new rows). The summary object is only
   * replaced when a field changed, so a page that adds rows but no news re-renders no React.
   */
  private update(next: Partial<GraphSummary>): void {
    const current = this.summaryValue;
    const merged = { ...current, ...next };
    const same = (Object.keys(merged) as (keyof GraphSummary)[]).every((key) =>
      key === 'targets' ? merged.targets.join('\0') === current.targets.join('\0') : merged[key] === current[key],
    );
    if (!same) this.summaryValue = merged;
    for (const listener of this.listeners) listener();
  }
}
