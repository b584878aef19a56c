/**
 * The terminal grid's layout, kept by the engine.
 *
 * Stored beside the sessions so that a reload, a second window or an engine restart shows the
 * same panes. Panes naming sessions that no longer exist are dropped when read.
 */
import path from 'node:path';
import { LayoutSchema, MAX_PANES, type Layout } from '../../../shared/protocol/layout.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/event-bus.ts';
import { JsonStore } from '../state/json-store.ts';

const emptyLayout = (): Layout => ({ panes: [], focused: null, maximized: null });

export class LayoutService {
  private layout: Layout = emptyLayout();
  private readonly store: JsonStore<Layout>;
  private readonly changes = new EventBus<Layout>();

  constructor(options: { home: string; sessionExists: (sessionId: string) => boolean }) {
    this.store = new JsonStore({
      file: path.join(options.home, 'layout.json'),
      version: 1,
      schema: LayoutSchema,
      defaults: emptyLayout,
    });
    this.sessionExists = options.sessionExists;
  }

  private readonly sessionExists: (sessionId: string) => boolean;

  async load(): Promise<void> {
    this.layout = this.prune(await this.store.load());
  }

  get(): Layout {
    return this.prune(this.layout);
  }

  /** Replace the layout; unknown sessions are rejected so a stale client cannot corrupt it. */
  async set(next: Layout): Promise<Result<Layout>> {
    if (next.panes.length > MAX_PANES) return err({ kind: 'TOO_MANY_PANES', max: MAX_PANES });
    const unknown = next.panes.find((id) => !this.sessionExists(id));
    if (unknown) return err({ kind: 'SESSION_NOT_FOUND', sessionId: unknown });
    const unique = [...new Set(next.panes)];
    const layout: Layout = {
      panes: unique,
      focused: next.focused && unique.includes(next.focused) ? next.focused : null,
      maximized: next.maximized && unique.includes(next.maximized) ? next.maximized : null,
    };
    this.layout = layout;
    await this.store.save(layout);
    this.changes.emit(layout);
    return ok(layout);
  }

  /** Drop sessions that were removed; called when the session list changes. */
  async sync(): Promise<void> {
    const pruned = this.prune(this.layout);
    if (pruned.panes.length === this.layout.panes.length) return;
    this.layout = pruned;
    await this.store.save(pruned);
    this.changes.emit(pruned);
  }

  onDidChange(listener: (layout: Layout) => void): () => void {
    return this.changes.on(listener);
  }

  private prune(layout: Layout): Layout {
    const panes = layout.panes.filter((id) => this.sessionExists(id));
    return {
      panes,
      focused: layout.focused && panes.includes(layout.focused) ? layout.focused : null,
      maximized: layout.maximized && panes.includes(layout.maximized) ? layout.maximized : null,
    };
  }
}
