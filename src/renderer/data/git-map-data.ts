/**
 * Each repository's status map (`gitMap.map`: every branch against its targets) in the query
 * cache, kept current by engine events: `gitMap.changed` and `worktrees.changed` invalidate that
 * repository's map, a snapshot or `repos.changed` every map. One read per repository however
 * many worktree rows show its badges; a burst of changes costs one read in flight plus one after
 * it (`query-refresher.ts`). A map nobody shows is read when it is next shown.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { EngineEvent, GitMap } from '../../shared/protocol/index.ts';
import type { UiResult } from '../errors/ui-error.ts';
import type { EngineQueryUtils } from './query-client.ts';
import { QueryRefresher } from './query-refresher.ts';

export class GitMapData {
  private readonly refresher: QueryRefresher;

  constructor(
    queryClient: QueryClient,
    private readonly orpc: EngineQueryUtils,
  ) {
    this.refresher = new QueryRefresher(queryClient);
  }

  key(repoId: string): QueryKey {
    return this.orpc.gitMap.map.queryKey({ input: { repo: { repoId } } });
  }

  /** Options for `useQuery`: the engine's answer, a map or why there is none. */
  options(repoId: string) {
    return {
      queryKey: this.key(repoId),
      queryFn: ({ signal }: { signal: AbortSignal }): Promise<UiResult<GitMap>> => this.orpc.gitMap.map.call({ repo: { repoId } }, { signal }),
    };
  }

  onEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'snapshot':
        this.refresher.reset();
        this.refresher.refresh(this.orpc.gitMap.map.key());
        break;
      case 'repos.changed':
        this.refresher.refresh(this.orpc.gitMap.map.key());
        break;
      case 'worktrees.changed':
      case 'gitMap.changed':
        this.refresh(event.repoId);
        break;
      default:
        break;
    }
  }

  /** Re-read one repository's map (after the user changed a branch's target). */
  refresh(repoId: string): void {
    this.refresher.refresh(this.key(repoId));
  }

  dispose(): void {
    this.refresher.dispose();
  }
}
