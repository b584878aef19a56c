/**
 * The renderer's one zustand store, combined from typed slices.
 *
 * A factory rather than a module singleton, so each test (and each app instance) gets a fresh
 * store. Terminal bytes never pass through here: they go straight from the data client into
 * xterm via the terminal registry.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAgentsSlice, type AgentsSlice } from '../agents/agents-slice.ts';
import { createChromeSlice, type ChromeSlice } from './chrome-slice.ts';
import { createFixesSlice, type FixesSlice } from '../fixes/fixes-slice.ts';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.ts';
import { createLayoutSlice, type LayoutSlice } from './layout-slice.ts';
import { createServerSlice, type ServerSlice } from './server-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';
import { createUsageSlice, type UsageSlice } from '../usage/usage-slice.ts';
import { createGraphSlice, type GraphSlice } from '../graph/graph-slice.ts';
import { createCiSlice, type CiSlice } from '../ci/ci-slice.ts';

export type AppState = ConnectionSlice & ServerSlice & LayoutSlice & UiSlice & AgentsSlice & UsageSlice & GraphSlice & ChromeSlice & CiSlice & FixesSlice;
export type AppStore = StoreApi<AppState>;

/** Create a fresh store with every slice at its initial state. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createConnectionSlice(...args),
    ...createServerSlice(...args),
    ...createLayoutSlice(...args),
    ...createUiSlice(...args),
    ...createAgentsSlice(...args),
    ...createUsageSlice(...args),
    ...createGraphSlice(...args),
    ...createChromeSlice(...args),
    ...createCiSlice(...args),
    ...createFixesSlice(...args),
  }));
}
