/**
 * `trust.*` procedures: thin bindings of the contract to {@link TrustService}.
 */
import { implement } from '@orpc/server';
import { trustContract } from '../../../shared/protocol/trust.ts';
import type { TrustService } from './trust-service.ts';

export function trustRouter(trust: TrustService) {
  const os = implement(trustContract);
  return {
    get: os.get.handler(({ input }) => trust.get(input.repoId)),
    grant: os.grant.handler(({ input }) => trust.grant(input.repoId, input.configHash)),
    revoke: os.revoke.handler(({ input }) => trust.revoke(input.repoId)),
  };
}
