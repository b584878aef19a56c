/**
 * The engine's event stream: a snapshot first, then changes, with no gap between them.
 */
import { eventIterator, oc } from '@orpc/contract';
import * as z from 'zod';
import { RepoSchema } from './repos.ts';
import { SessionInfoSchema } from './terminals.ts';
import { LayoutSchema } from './layout.ts';
import { BootstrapStateSchema } from './worktrees.ts';
import { AgentNotificationSchema, AgentSessionSchema } from './agents.ts';
import { SettingsSchema } from './settings.ts';
import { UsageChangedEventSchema } from './usage.ts';
import { CiStatusSchema } from './ci.ts';
import { GitMapChangedEventSchema } from './git-map.ts';

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
  /** A worktree's bootstrap moved (status or step); clients update its badge. */
  z.object({ type: z.literal('bootstrap.changed'), repoId: z.string(), state: BootstrapStateSchema }),
  z.object({ type: z.literal('sessions.changed'), sessions: z.array(SessionInfoSchema) }),
  z.object({ type: z.literal('layout.changed'), layout: LayoutSchema }),
  /** Every agent session (sent right after the snapshot too). */
  z.object({ type: z.literal('agents.changed'), agents: z.array(AgentSessionSchema) }),
  /** Sent once per notification: the shell shows it natively, the web UI as a toast. */
  z.object({ type: z.literal('agents.notification'), notification: AgentNotificationSchema }),
  /** The engine's settings (sent right after the snapshot too). */
  z.object({ type: z.literal('settings.changed'), settings: SettingsSchema }),
  /** A repository's trust changed (granted, revoked); clients re-read `trust.get`. */
  z.object({ type: z.literal('trust.changed'), repoId: z.string() }),
  /** Usage or quota moved; clients re-read `usage.summary` / `usage.quota` (what says which). */
  UsageChangedEventSchema,
  /** CI state of the worktrees moved (checks, PR, triage, a push); sent right after the snapshot too. */
  z.object({ type: z.literal('ci.changed'), status: CiStatusSchema }),
  /** A repository's refs or worktrees moved; clients re-read `gitMap.map` for it. */
  GitMapChangedEventSchema,
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;

export const eventsContract = {
  subscribe: oc.output(eventIterator(EngineEventSchema)),
};
