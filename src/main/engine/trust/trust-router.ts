/**
 * `trust.*` procedures: thin bindings of the contract to {@link TrustService}.
 */
import type { implement } from '@orpc/server';
import type { contract } from '../../../shared/protocol/index.ts';
import type { TrustService } from './trust-service.ts';

type Implementer = ReturnType<typeof implement<typeof contract>>;

export function trustRouter(os: Implementer, trust: TrustService) {
  return {
    get: os.trust.get.handler(({ input }) => trust.get(input.repoId)),
    grant: os.trust.grant.handler(({ input }) => trust.grant(input.repoId, input.configHash)),
    revoke: os.trust.revoke.handler(({ input }) => trust.revoke(input.repoId)),
  };
}
