/**
 * The engine's event stream: a snapshot first, then changes, with no gap between them.
 */
import { eventIterator, oc } from '@orpc/contract';
import { z } from 'zod';
import { RepoSchema } from './repos.ts';
import { SessionInfoSchema } from './terminals.ts';
import { LayoutSchema } from './layout.ts';

export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    repos: z.array(RepoSchema),
    sessions: z.array(SessionInfoSchema),
    layout: LayoutSchema,
  }),
  z.object({ type: z.literal('repos.changed'), repos: z.array(RepoSchema) }),
  /** Worktrees of a repository may have changed; clients re-read `worktrees.list`. */
  z.object({ type: z.literal('worktrees.changed'), repoId: z.string() }),
  z.object({ type: z.literal('sessions.changed'), sessions: z.array(SessionInfoSchema) }),
  z.object({ type: z.literal('layout.changed'), layout: LayoutSchema }),
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;

export const eventsContract = {
  subscribe: oc.output(eventIterator(EngineEventSchema)),
};
