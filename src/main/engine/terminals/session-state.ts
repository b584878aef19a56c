/**
 * `sessions.json`: the list of terminal sessions, kept across engine restarts.
 *
 * Only metadata is stored (what ran where, whether and how it ended); the screen lives in
 * `screen-store.ts`. A damaged entry is dropped on its own instead of discarding the whole file,
 * so one bad record never costs the user every other session.
 */
import path from 'node:path';
import * as z from 'zod';
import { SessionInfoSchema, type SessionInfo } from '../../../shared/protocol/terminals.ts';
import { JsonStore } from '../state/index.ts';

/** Current version of `sessions.json`; bump it and add a migration when the shape changes. */
export const SESSION_STATE_VERSION = 1;

/** Ids the engine creates (see `session-id.ts`); anything else in the file is not ours. */
const SESSION_ID_PATTERN = /^[a-z0-9]{1,64}$/;

/** The content of `sessions.json` (inside JsonStore's `{ version, data }` envelope). */
export interface SessionState {
  sessions: SessionInfo[];
}

const SessionStateSchema: z.ZodType<SessionState> = z.object({
  sessions: z.array(z.unknown()).transform((items) =>
    items.flatMap((item) => {
      const parsed = SessionInfoSchema.safeParse(item);
      // Ids become file names under screens/: never trust one that could escape that folder.
      return parsed.success && SESSION_ID_PATTERN.test(parsed.data.id) ? [parsed.data] : [];
    }),
  ),
}) as unknown as z.ZodType<SessionState>;

/** The store for `<home>/sessions.json`. */
export function createSessionStateStore(home: string): JsonStore<SessionState> {
  return new JsonStore<SessionState>({
    file: path.join(home, 'sessions.json'),
    version: SESSION_STATE_VERSION,
    schema: SessionStateSchema,
    defaults: () => ({ sessions: [] }),
  });
}
