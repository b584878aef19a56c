/**
 * The renderer's side of the engine-owned grid: layout changes are commands (`layout.focus`,
 * `close`, `maximize`, `move`, `open`, `resize`) the engine applies and broadcasts.
 *
 * So a click shows at once, a command is also applied to the local copy with the same pure
 * function the engine uses (`src/shared/layout/layout-ops.ts`). The shown layout is always
 * "the engine's last word, with the commands still in flight replayed on top": an echo of an
 * earlier command can never undo a later local change (a closed pane flickering back), and a
 * change from elsewhere (the CLI, an agent launch, another window) shows at once. The commands
 * are idempotent, so replaying one the engine already applied changes nothing.
 */
import {
  addPane,
  EMPTY_LAYOUT,
  focusPane,
  maximizePane,
  movePane,
  removePane,
  sameLayout,
} from '../../shared/layout/layout-ops.ts';
import { resizeSplits } from '../../shared/layout/splits.ts';
import type { EngineClient, Layout, SplitSizes } from '../../shared/protocol/index.ts';
import type { Result } from '../../shared/result.ts';
import { callEngine, type EngineAccess } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import type { AppStore } from '../store/app-store.ts';

export type LayoutCommand =
  | { type: 'open'; sessionId: string }
  | { type: 'focus'; sessionId: string }
  | { type: 'close'; sessionId: string }
  | { type: 'maximize'; sessionId: string | null }
  | { type: 'move'; sessionId: string; index: number }
  | { type: 'resize'; shape: string; sizes: SplitSizes | null };

/** The local effect of a command (what the engine will do, barring a conflict). */
export function applyCommand(layout: Layout, command: LayoutCommand): Layout {
  switch (command.type) {
    case 'open':
      return addPane(layout, command.sessionId);
    case 'focus':
      return focusPane(layout, command.sessionId);
    case 'close':
      return removePane(layout, command.sessionId);
    case 'maximize':
      return maximizePane(layout, command.sessionId);
    case 'move':
      return movePane(layout, command.sessionId, command.index);
    case 'resize':
      return resizeSplits(layout, command.shape, command.sizes);
  }
}

export class LayoutCommands {
  /** The engine's layout as last heard (event or answer). */
  private confirmed: Layout = EMPTY_LAYOUT;
  private readonly pending = new Set<{ command: LayoutCommand }>();

  constructor(
    private readonly store: AppStore,
    private readonly engine: EngineAccess,
  ) {}

  /** Apply a command locally at once and send it; a no-op is not sent. */
  async run(command: LayoutCommand): Promise<void> {
    const shown = this.store.getState().layout;
    if (applyCommand(shown, command) === shown) return;
    const entry = { command };
    this.pending.add(entry);
    this.show();
    const result = await callEngine(this.engine, (client) => send(client.layout, command));
    this.pending.delete(entry);
    if (result.ok) this.confirmed = result.value;
    // Disconnected: the snapshot after reconnecting brings the engine's layout back anyway.
    else if (result.error.kind !== 'ENGINE_DISCONNECTED') this.store.getState().pushToast('error', errorMessage(result.error));
    this.show();
  }

  /** A layout from the engine (snapshot or `layout.changed`): the new base for pending commands. */
  received(layout: Layout, fromSnapshot: boolean): void {
    // After a reconnect, commands sent on the old socket are lost; their calls fail on their own.
    if (fromSnapshot) this.pending.clear();
    this.confirmed = layout;
    this.show();
  }

  private show(): void {
    let layout = this.confirmed;
    for (const { command } of this.pending) layout = applyCommand(layout, command);
    if (!sameLayout(layout, this.store.getState().layout)) this.store.getState().setLayout(layout);
  }
}

type LayoutProcedures = Pick<EngineClient['layout'], 'open' | 'focus' | 'close' | 'maximize' | 'move' | 'resize'>;

function send(layout: LayoutProcedures, command: LayoutCommand): Promise<Result<Layout>> {
  switch (command.type) {
    case 'open':
      return layout.open({ sessionId: command.sessionId });
    case 'focus':
      return layout.focus({ sessionId: command.sessionId });
    case 'close':
      return layout.close({ sessionId: command.sessionId });
    case 'maximize':
      return layout.maximize({ sessionId: command.sessionId });
    case 'move':
      return layout.move({ sessionId: command.sessionId, index: command.index });
    case 'resize':
      return layout.resize({ shape: command.shape, sizes: command.sizes });
  }
}
