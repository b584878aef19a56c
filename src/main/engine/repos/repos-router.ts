/**
 * The `repos.*` procedures: thin handlers over {@link RepoService} (oRPC validates inputs and outputs).
 */
import { implement } from '@orpc/server';
import { reposContract } from '../../../shared/protocol/repos.ts';
import type { RepoService } from './repo-service.ts';

export function reposRouter(repos: RepoService) {
  const os = implement(reposContract);
  return os.router({
    list: os.list.handler(() => repos.list()),
    add: os.add.handler(({ input }) => repos.add(input.path)),
    resolve: os.resolve.handler(({ input }) => repos.resolve(input.path, { register: input.register ?? false })),
    remove: os.remove.handler(({ input }) => repos.remove(input.repoId)),
  });
}
