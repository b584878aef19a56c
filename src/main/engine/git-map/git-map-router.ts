/**
 * The `gitMap.*` procedures: thin bindings to {@link GitMapService}. oRPC validates inputs and
 * outputs against the contract; each request's abort signal reaches git, so a client that goes
 * away stops its git work.
 */
import { implement } from '@orpc/server';
import { gitMapContract } from '../../../shared/protocol/git-map.ts';
import type { GitMapService } from './git-map-service.ts';

export function createGitMapRouter(service: GitMapService) {
  const os = implement(gitMapContract);
  return os.router({
    map: os.map.handler(({ input, signal }) => service.map(input.repo, signal, { freshDirty: input.freshDirty ?? false })),
    contains: os.contains.handler(({ input, signal }) => service.contains(input.repo, input.commit, signal)),
    setTarget: os.setTarget.handler(({ input }) => service.setTarget(input.repo, input.branch, input.target)),
    apply: os.apply.handler(({ input }) => service.apply(input.repo, input.commit, input.worktrees, input.allowDirty ?? false)),
    abortApply: os.abortApply.handler(({ input }) => service.abortApply(input.repo, input.worktree)),
    handToAgent: os.handToAgent.handler(({ input }) => service.handToAgent(input.repo, input.worktree, input.commit, input.agentId)),
  });
}
