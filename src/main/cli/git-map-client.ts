/**
 * The `gitMap` client the git commands talk to.
 *
 * Until the one-engine-per-data-folder client (`withEngine`, issue 8) lands, the commands run the
 * same `gitMap` router in-process through oRPC's router client, on the app's data folder: no
 * watchers, every answer read fresh from git, so it is correct with or without the app running.
 * The commands themselves only see the typed client, so switching them to a running engine is a
 * one-line change here.
 */
import { createRouterClient } from '@orpc/server';
import type { EngineClient } from '../../shared/protocol/index.ts';
import { createGitMapRouter } from '../engine/git-map/git-map-router.ts';
import { GitMapService } from '../engine/git-map/git-map-service.ts';
import { defaultHome } from '../engine/paths.ts';
import { RepoService } from '../engine/repos/repo-service.ts';

export type GitMapClient = EngineClient['gitMap'];

/** Run `task` with a `gitMap` client on the data folder `home`, then release it. */
export async function withGitMapClient<T>(task: (client: GitMapClient) => Promise<T>, home = defaultHome()): Promise<T> {
  const repos = new RepoService({ home });
  await repos.load();
  const service = new GitMapService({ repos, home });
  try {
    return await task(createRouterClient(createGitMapRouter(service)));
  } finally {
    await service.dispose();
  }
}
