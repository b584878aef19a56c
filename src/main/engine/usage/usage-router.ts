/**
 * The `usage.*` procedures: thin handlers over {@link UsageService}.
 */
import { implement } from '@orpc/server';
import { usageContract } from '../../../shared/protocol/usage.ts';
import type { UsageService } from './usage-service.ts';

export function usageRouter(usage: UsageService) {
  const os = implement(usageContract);
  return os.router({
    summary: os.summary.handler(({ input }) => usage.summary(input)),
    quota: os.quota.handler(async () => {
      await usage.whenQueried();
      return usage.quota();
    }),
    timeline: os.timeline.handler(({ input }) => usage.timeline(input)),
  });
}
