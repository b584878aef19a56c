/**
 * The branch graph of each repository: one layout per repository, made in a worker from the
 * current ref tips and kept while they do not move; clients read it page by page.
 *
 * Page 0 (or a page without a revision) re-checks the refs (three cheap git calls) and starts a
 * new layout when they moved; later pages with a matching revision are served from the layout in
 * memory, waiting only until their rows exist. Nothing runs in the background: a layout starts
 * when someone asks, so one-shot engines need no `start()`.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { Repo } from '../../../shared/protocol/repos.ts';
import {
  GRAPH_MAX_COMMITS,
  type GraphCommitsInput,
  type GraphOrder,
  type GraphPage,
  type GraphRow,
} from '../../../shared/protocol/graph.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { GraphLayoutMessage } from './graph-messages.ts';
import { CHECKPOINT_EVERY, type LaidOutCommit } from './graph-rows.ts';
import { throughRows, type LaneCheckpoint } from './lane-bands.ts';
import { resolveGraphScope, type GraphScope } from './graph-scope.ts';
import { GraphWorkerHost, type RunningGraph } from './start-graph-worker.ts';

/** Layouts kept in memory (the most recently used repositories); ~1 KB per commit. */
const MAX_LAYOUTS = 4;

export interface GraphServiceOptions {
  readonly home: string;
  readonly repos: () => readonly Repo[];
  /** Run layouts on the engine's thread instead of a worker (tests of the fallback). */
  readonly inline?: boolean;
  /** A worker host to share (the benchmark keeps one warm across services); default: its own. */
  readonly workers?: GraphWorkerHost;
  readonly maxCommits?: number;
}

/** One layout in progress or finished. */
class Layout {
  readonly rows: LaidOutCommit[] = [];
  readonly checkpoints: LaneCheckpoint[] = [];
  width = 0;
  complete = false;
  truncated = false;
  error: AppError | null = null;
  gitMs = 0;
  layoutMs = 0;
  running: RunningGraph | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    readonly scope: GraphScope,
    readonly order: GraphOrder,
  ) {}

  get revision(): string {
    return this.scope.revision;
  }

  apply(message: GraphLayoutMessage): void {
    if (message.type === 'rows') {
      for (const row of message.rows) this.rows.push(row);
      for (const checkpoint of message.checkpoints) this.checkpoints.push(checkpoint);
      this.width = message.width;
    } else if (message.type === 'done') {
      this.complete = true;
      this.truncated = message.truncated;
      this.width = message.width;
      this.gitMs = message.gitMs;
      this.layoutMs = message.layoutMs;
    } else {
      this.error = message.error;
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Rows `[from, to)` with the lines passing through them, replayed from the nearest checkpoint. */
  page(from: number, to: number): GraphRow[] {
    const end = Math.min(to, this.rows.length);
    if (from >= end) return [];
    const checkpoint = this.checkpoints[Math.floor(from / CHECKPOINT_EVERY)] ?? { row: 0, active: [] };
    const through = throughRows(checkpoint, (index) => this.rows[index]!, from, end);
    return this.rows.slice(from, end).map((row, index) => ({ ...row, through: through[index]! }));
  }

  /** Replaced by a newer layout (or the engine stops): it will not grow any more. */
  stopped = false;

  stop(): void {
    this.stopped = true;
    this.running?.stop();
    this.wake();
  }

  /** Resolves once `count` rows exist, the layout is complete, failed or was stopped. */
  async until(count: number): Promise<void> {
    while (this.rows.length < count && !this.complete && !this.error && !this.stopped) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

export class GraphService {
  private readonly layouts = new Map<string, Layout>();
  /** Per repository: the scope check in flight, so concurrent page-0 calls share one layout. */
  private readonly checks = new Map<string, Promise<Result<Layout>>>();
  private disposed = false;
  private readonly workers: GraphWorkerHost;
  private readonly ownsWorkers: boolean;

  constructor(private readonly options: GraphServiceOptions) {
    this.ownsWorkers = !options.workers;
    this.workers = options.workers ?? new GraphWorkerHost({ inline: options.inline ?? false });
  }

  /** A page of rows; see `graph.commits` in the protocol. */
  async commits(input: GraphCommitsInput): Promise<Result<GraphPage>> {
    const repo = this.options.repos().find((candidate) => candidate.id === input.repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId: input.repoId });
    const order = input.order ?? 'date';
    const current = this.layouts.get(repo.id);
    let layout: Layout;
    if (input.revision !== undefined && current && current.revision === input.revision && current.order === order && !current.error) {
      layout = current;
    } else {
      const checked = await this.check(repo, order);
      if (!checked.ok) return checked;
      layout = checked.value;
    }
    // Most recently used last, for eviction.
    this.layouts.delete(repo.id);
    this.layouts.set(repo.id, layout);
    await layout.until(input.offset + input.limit);
    while (layout.stopped && !layout.complete && !layout.error) {
      // Replaced while this call waited: answer from the layout of the refs as they are now.
      const checked = await this.check(repo, order);
      if (!checked.ok) return checked;
      layout = checked.value;
      await layout.until(input.offset + input.limit);
    }
    if (layout.error) {
      const error = layout.error;
      // A failed layout is not kept: the next call tries again.
      if (this.layouts.get(repo.id) === layout) this.layouts.delete(repo.id);
      return err(error);
    }
    return ok({
      repoId: repo.id,
      revision: layout.revision,
      order,
      targets: [...layout.scope.targets],
      offset: input.offset,
      rows: layout.page(input.offset, input.offset + input.limit),
      total: layout.rows.length,
      complete: layout.complete,
      truncated: layout.truncated,
      width: layout.width,
      timings: { gitMs: Math.round(layout.gitMs), layoutMs: Math.round(layout.layoutMs), inWorker: layout.running?.inWorker ?? false },
    });
  }

  /** Stop every running layout and forget them. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const layouts = [...this.layouts.values()];
    this.layouts.clear();
    for (const layout of layouts) layout.stop();
    if (this.ownsWorkers) await this.workers.dispose();
  }

  private check(repo: Repo, order: GraphOrder): Promise<Result<Layout>> {
    const key = `${repo.id}\0${order}`;
    const inFlight = this.checks.get(key);
    if (inFlight) return inFlight;
    const run = this.refresh(repo, order).finally(() => this.checks.delete(key));
    this.checks.set(key, run);
    return run;
  }

  /** The layout for the refs as they are now: the current one if they did not move, else a new one. */
  private async refresh(repo: Repo, order: GraphOrder): Promise<Result<Layout>> {
    const scope = await resolveGraphScope(repo.path, this.options.home, order);
    if (!scope.ok) return scope;
    const current = this.layouts.get(repo.id);
    if (current && current.revision === scope.value.revision && current.order === order && !current.error) return ok(current);
    if (this.disposed) return err({ kind: 'INTERNAL', message: 'the engine is shutting down' });

    const layout = new Layout(scope.value, order);
    current?.stop();
    this.layouts.set(repo.id, layout);
    while (this.layouts.size > MAX_LAYOUTS) {
      const [oldest] = this.layouts.keys();
      const evicted = this.layouts.get(oldest!);
      this.layouts.delete(oldest!);
      evicted?.stop();
    }
    layout.running = await this.workers.run(
      { scope: scope.value, order, maxCommits: this.options.maxCommits ?? GRAPH_MAX_COMMITS },
      (message) => layout.apply(message),
    );
    // Replaced while the worker was starting: it must not go on reading for nobody.
    if (layout.stopped) layout.running.stop();
    return ok(layout);
  }
}
