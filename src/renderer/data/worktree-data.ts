/**
 * Worktree listings in the query cache, kept current by engine events.
 *
 * - `worktrees.changed` invalidates that repository's listing. A burst of changes costs at most
 *   one read in flight plus one after it (latest wins: a change announced while a read is out
 *   may not be in its answer, so exactly one more read follows; further events join that one).
 * - `bootstrap.changed` carries the new state: it is applied to the cached worktree (a delta),
 *   never a re-read — a setup run sends one event per step.
 * - A snapshot (after a reconnect) re-reads every listing in use; removed repositories' listings
 *   are dropped.
 *
 * Git is the source of truth; the renderer never edits a listing except with a delta the engine
 * sent.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { BootstrapState, EngineEvent, Worktree } from '../../shared/protocol/index.ts';
import type { UiError } from '../errors/ui-error.ts';
import type { EngineQueryUtils } from './query-client.ts';
import { QueryRefresher } from './query-refresher.ts';

/** A repository's listing as the UI shows it. */
export interface WorktreeListing {
  readonly worktrees: readonly Worktree[];
  /** False until the first answer arrived. */
  readonly loaded: boolean;
  /** The last read's failure; the previous worktrees stay visible. */
  readonly error: UiError | null;
}

/** What the cache holds per repository. */
export interface CachedListing {
  readonly worktrees: readonly Worktree[];
  readonly error: UiError | null;
}

export const NOT_LOADED: WorktreeListing = { worktrees: [], loaded: false, error: null };

export class WorktreeData {
  /** Invalidations, coalesced: one read in flight per listing plus at most one after it. */
  private readonly refresher: QueryRefresher;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly orpc: EngineQueryUtils,
  ) {
    this.refresher = new QueryRefresher(queryClient);
  }

  key(repoId: string): QueryKey {
    return this.orpc.worktrees.list.queryKey({ input: { repoId } });
  }

  /** Options for `useQuery` (and for reads outside React). */
  options(repoId: string) {
    const queryKey = this.key(repoId);
    return {
      queryKey,
      queryFn: async ({ signal }: { signal: AbortSignal }): Promise<CachedListing> => {
        const answer = await this.orpc.worktrees.list.call({ repoId }, { signal });
        if (answer.ok) return { worktrees: answer.value, error: null };
        // A failed read keeps what is shown, with the reason.
        const previous = this.queryClient.getQueryData<CachedListing>(queryKey);
        return { worktrees: previous?.worktrees ?? [], error: answer.error };
      },
    };
  }

  /** Apply one engine event to the cache. */
  onEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'snapshot':
        this.keepRepos(new Set(event.repos.map((repo) => repo.id)));
        this.refresher.reset();
        void this.queryClient.invalidateQueries({ queryKey: this.orpc.worktrees.list.key() });
        break;
      case 'repos.changed':
        this.keepRepos(new Set(event.repos.map((repo) => repo.id)));
        break;
      case 'worktrees.changed':
        this.changed(event.repoId);
        break;
      case 'bootstrap.changed':
        this.applyBootstrap(event.repoId, event.state);
        break;
      default:
        break;
    }
  }

  dispose(): void {
    this.refresher.dispose();
  }

  /** Re-read a repository's listing now (after an action whose change the client awaits). */
  refresh(repoId: string): void {
    this.changed(repoId);
  }

  private changed(repoId: string): void {
    this.refresher.refresh(this.key(repoId));
  }

  private applyBootstrap(repoId: string, state: BootstrapState): void {
    this.queryClient.setQueryData<CachedListing>(this.key(repoId), (listing) => {
      if (!listing || !listing.worktrees.some((worktree) => worktree.path === state.path)) return listing;
      return { ...listing, worktrees: listing.worktrees.map((worktree) => (worktree.path === state.path ? { ...worktree, bootstrap: state } : worktree)) };
    });
  }

  private keepRepos(ids: ReadonlySet<string>): void {
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: this.orpc.worktrees.list.key() })) {
      const repoId = this.repoIdOf(query.queryKey);
      if (repoId !== null && !ids.has(repoId)) this.queryClient.removeQueries({ queryKey: query.queryKey, exact: true });
    }
  }

  private repoIdOf(queryKey: QueryKey): string | null {
    const options = queryKey[1] as { input?: { repoId?: unknown } } | undefined;
    const repoId = options?.input?.repoId;
    const [path] = queryKey as [readonly string[] | undefined];
    return Array.isArray(path) && path.join('.') === 'worktrees.list' && typeof repoId === 'string' ? repoId : null;
  }
}

/** The cached listing as the UI shows it. */
export function toListing(data: CachedListing | undefined): WorktreeListing {
  return data ? { worktrees: data.worktrees, loaded: true, error: data.error } : NOT_LOADED;
}
