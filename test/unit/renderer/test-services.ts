/**
 * AppServices for renderer unit tests: a real store and layout sync over a fake engine, and a
 * terminal registry that never creates a real xterm.
 */
import type { AppServices } from '../../../src/renderer/app/services.ts';
import type { EngineAccess } from '../../../src/renderer/engine/call-engine.ts';
import { LayoutCommands } from '../../../src/renderer/grid/layout-commands.ts';
import { ShortcutDispatcher } from '../../../src/renderer/keyboard/shortcut-dispatcher.ts';
import { createQueryClient, engineQueryUtils } from '../../../src/renderer/data/query-client.ts';
import { GitMapData } from '../../../src/renderer/data/git-map-data.ts';
import { UsageData } from '../../../src/renderer/data/usage-data.ts';
import { WorktreeData } from '../../../src/renderer/data/worktree-data.ts';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';
import { TerminalRegistry } from '../../../src/renderer/terminals/terminal-registry.ts';
import { WebglPool } from '../../../src/renderer/terminals/webgl-pool.ts';

export function testServices(engine: EngineAccess & { retryNow(): void }): AppServices {
  const store = createAppStore();
  const queryClient = createQueryClient();
  const orpc = engineQueryUtils(engine);
  const registry = new TerminalRegistry({
    resize: async () => true,
    keyHandler: () => true,
    webgl: new WebglPool(0),
    createTerminal: () => {
      throw new Error('no terminals in this test');
    },
  });
  return {
    store,
    engine,
    registry,
    layoutCommands: new LayoutCommands(store, engine),
    bridge: null,
    isMac: false,
    shortcuts: new ShortcutDispatcher(false, () => {}),
    queryClient,
    worktreeData: new WorktreeData(queryClient, orpc),
    usageData: new UsageData(queryClient, orpc),
    gitMapData: new GitMapData(queryClient, orpc),
  };
}
