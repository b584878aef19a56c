/**
 * The terminal grid's layout, owned by the engine.
 *
 * Stored beside the sessions so that a reload, a second window or an engine restart shows the
 * same panes. Every change is a command (open, focus, close, maximize, move, resize, place) applied
 * here, one at a time, with the pure functions of `src/shared/layout/layout-ops.ts`, saved, and
 * broadcast; no client writes a whole layout. Panes naming sessions that no longer exist are
 * dropped when read and when the session list changes.
 */
import path from 'node:path';
import {
  addPane,
  EMPTY_LAYOUT,
  focusPane,
  hasRoom,
  keepKnownPanes,
  maximizePane,
  movePane,
  removePane,
  replacePane,
  sameLayout,
} from '../../../shared/layout/layout-ops.ts';
import { resizeSplits } from '../../../shared/layout/splits.ts';
import { LayoutSchema, MAX_PANES, type Layout, type OpenPaneInput, type ResizeSplitsInput } from '../../../shared/protocol/layout.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import { JsonStore } from '../state/index.ts';

export class LayoutService {
  private layout: Layout = EMPTY_LAYOUT;
  private readonly store: JsonStore<Layout>;
  private readonly changes = new EventBus<Layout>();
  private readonly sessionExists: (sessionId: string) => boolean;
  /** Commands run one after another: each reads the layout the previous one left. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: { home: string; sessionExists: (sessionId: string) => boolean }) {
    this.store = new JsonStore({
      file: path.join(options.home, 'layout.json'),
      version: 1,
      schema: LayoutSchema,
      defaults: () => EMPTY_LAYOUT,
    });
    this.sessionExists = options.sessionExists;
  }

  async load(): Promise<void> {
    this.layout = this.prune(await this.store.load());
  }

  get(): Layout {
    return this.prune(this.layout);
  }

  /** Whether one more pane fits (checked before starting a session that wants one). */
  hasRoom(): boolean {
    return hasRoom(this.get());
  }

  /** Show a session's pane, focused (after `after`, or at the end); a shown pane is focused. */
  open(input: OpenPaneInput): Promise<Result<Layout>> {
    return this.command(input.sessionId, (layout) => {
      if (!layout.panes.includes(input.sessionId) && !hasRoom(layout)) return err({ kind: 'TOO_MANY_PANES', max: MAX_PANES });
      return ok(addPane(layout, input.sessionId, input.after ?? null));
    });
  }

  /** Put `next` where `previous` is (a handoff replacing its predecessor). */
  replace(previous: string, next: string): Promise<Result<Layout>> {
    return this.command(next, (layout) => {
      if (!layout.panes.includes(previous) && !layout.panes.includes(next) && !hasRoom(layout)) {
        return err({ kind: 'TOO_MANY_PANES', max: MAX_PANES });
      }
      return ok(replacePane(layout, previous, next));
    });
  }

  focus(sessionId: string): Promise<Result<Layout>> {
    return this.command(sessionId, (layout) => ok(focusPane(layout, sessionId)));
  }

  /** Take a pane out of the grid; a session that is gone (or not shown) is fine: nothing to do. */
  close(sessionId: string): Promise<Result<Layout>> {
    return this.command(null, (layout) => ok(removePane(layout, sessionId)));
  }

  maximize(sessionId: string | null): Promise<Result<Layout>> {
    return this.command(sessionId, (layout) => ok(maximizePane(layout, sessionId)));
  }

  move(sessionId: string, index: number): Promise<Result<Layout>> {
    return this.command(sessionId, (layout) => ok(movePane(layout, sessionId, index)));
  }

  /** Set or reset one grid shape's column widths and row heights (normalized, never below the minimum). */
  resize(input: ResizeSplitsInput): Promise<Result<Layout>> {
    return this.command(null, (layout) => ok(resizeSplits(layout, input.shape, input.sizes)));
  }

  /** Drop sessions that were removed; called when the session list changes. */
  sync(): Promise<Result<Layout>> {
    return this.command(null, (layout) => ok(layout));
  }

  onDidChange(listener: (layout: Layout) => void): () => void {
    return this.changes.on(listener);
  }

  /**
   * Run one command after the ones before it: `sessionId` (when given) must name a live session;
   * a command that changes nothing saves and broadcasts nothing.
   */
  private command(sessionId: string | null, apply: (layout: Layout) => Result<Layout>): Promise<Result<Layout>> {
    const run = async (): Promise<Result<Layout>> => {
      if (sessionId !== null && !this.sessionExists(sessionId)) return err({ kind: 'SESSION_NOT_FOUND', sessionId });
      const before = this.layout;
      const current = this.prune(before);
      const next = apply(current);
      if (!next.ok) return next;
      if (next.value === before) return next;
      this.layout = next.value;
      if (!sameLayout(next.value, before)) {
        await this.store.save(next.value);
        this.changes.emit(next.value);
      }
      return next;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private prune(layout: Layout): Layout {
    return keepKnownPanes(layout, this.sessionExists);
  }
}
