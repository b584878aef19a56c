/**
 * One {@link GitMapCache} per set of app services (created on first use, so the composition of
 * the app's services does not change while issue 8 reworks it).
 */
import type { AppServices } from '../app/services.ts';
import { GitMapCache } from './git-map-cache.ts';

const caches = new WeakMap<object, GitMapCache>();

export function gitMapCacheOf(services: Pick<AppServices, 'engine'>): GitMapCache {
  let cache = caches.get(services.engine);
  if (!cache) {
    cache = new GitMapCache(services.engine);
    caches.set(services.engine, cache);
  }
  return cache;
}
