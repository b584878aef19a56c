/**
 * Keeps the store's layout and the engine's layout in step.
 *
 * Local changes apply at once (optimistic) and are sent with `layout.set`. While any set is in
 * flight, `layout.changed` events are ignored: they are echoes of our own earlier sets and
 * would briefly undo later local changes (a pane flickering back after close). When the last
 * set answers, its returned layout is the truth.
 */
import type { Layout } from '../../shared/protocol/index.ts';
import { callEngine, type EngineAccess } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import type { AppStore } from '../store/app-store.ts';

export class LayoutSync {
  private inFlight = 0;

  constructor(
    private readonly store: AppStore,
    private readonly engine: EngineAccess,
  ) {}

  /** Apply a layout locally and persist it in the engine. */
  async commit(next: Layout): Promise<void> {
    const state = this.store.getState();
    if (next === state.layout) return;
    state.setLayout(next);
    this.inFlight++;
    const result = await callEngine(this.engine, (client) => client.layout.set(next));
    // Clamped: a snapshot in between resets the count while this call was still out.
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (!result.ok) {
      // Disconnected: the snapshot after reconnecting brings the engine's layout back anyway.
      if (result.error.kind !== 'ENGINE_DISCONNECTED') this.store.getState().pushToast('error', errorMessage(result.error));
      return;
    }
    if (this.inFlight === 0) this.store.getState().setLayout(result.value);
  }

  /** A layout from the engine: a snapshot always wins; a change only when nothing is in flight. */
  received(layout: Layout, fromSnapshot: boolean): void {
    if (fromSnapshot) this.inFlight = 0;
    else if (this.inFlight > 0) return;
    this.store.getState().setLayout(layout);
  }
}
