/**
 * The renderer's cache of engine data: TanStack Query, with oRPC's integration for keys and
 * calls (`@orpc/tanstack-query`).
 *
 * Nothing here goes stale by time: the engine says when something changed (every event is a
 * delta applied to the cache or an invalidation of named queries: `worktree-data.ts`,
 * `usage-data.ts`, `git-map-data.ts`), so queries never refetch on focus or on a timer of their
 * own (the quota's one-minute poll is the exception, and says why). A query invalidated while
 * nobody showed it is read when it is next shown (`refetchOnMount` only reads stale queries, and
 * only an invalidation makes one stale). Failed reads are not retried: the next event or the
 * snapshot after a reconnect reads again.
 */
import { createTanstackQueryUtils } from '@orpc/tanstack-query';
import { QueryClient } from '@tanstack/react-query';
import type { EngineAccess } from '../engine/call-engine.ts';
import { lateBoundClient } from './late-bound-client.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Number.POSITIVE_INFINITY,
        gcTime: 5 * 60_000,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        refetchOnMount: true,
        networkMode: 'always',
      },
    },
  });
}

/** oRPC's query utilities over the app's one late-bound client. */
export function engineQueryUtils(engine: EngineAccess) {
  return createTanstackQueryUtils(lateBoundClient(engine));
}

export type EngineQueryUtils = ReturnType<typeof engineQueryUtils>;
