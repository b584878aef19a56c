/**
 * Terminal sessions: a shell or any command running in a PTY with a worktree as its cwd.
 *
 * Control (create, resize, kill) goes through these procedures; the bytes go through the binary
 * data path (`data-frames.ts`) with acknowledgements (`flow-control.ts`).
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { resultSchema } from '../result.ts';

export const SessionStatusSchema = z.enum(['running', 'exited']);

export const SessionInfoSchema = z.object({
  id: z.string(),
  repoId: z.string().nullable(),
  cwd: z.string(),
  /** Executable and its arguments, exactly as spawned (never through a shell string). */
  command: z.string(),
  args: z.array(z.string()),
  /** Null means "the user's shell". */
  kind: z.enum(['shell', 'command']),
  title: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  status: SessionStatusSchema,
  exitCode: z.number().int().nullable(),
  createdAt: z.string(),
  exitedAt: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

export const CreateSessionInputSchema = z.object({
  cwd: z.string(),
  repoId: z.string().nullable().optional(),
  /** Omit for the user's login shell. */
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  title: z.string().optional(),
  ...size,
});
export type CreateSessionInput = z.infer<typeof CreateSessionInputSchema>;

const id = z.object({ sessionId: z.string() });

export const terminalsContract = {
  list: oc.output(z.array(SessionInfoSchema)),
  create: oc.input(CreateSessionInputSchema).output(resultSchema(SessionInfoSchema)),
  /** Write input through the control plane (for the CLI and tests; the UI uses the data path). */
  write: oc.input(z.object({ sessionId: z.string(), data: z.string() })).output(resultSchema(z.null())),
  resize: oc.input(z.object({ sessionId: z.string(), ...size })).output(resultSchema(z.null())),
  kill: oc.input(id).output(resultSchema(z.null())),
  /** Forget an exited session (drops it from the list and the saved state). */
  remove: oc.input(id).output(resultSchema(z.null())),
  /** The current screen as plain text lines (status detection, CLI, tests). */
  screen: oc.input(id).output(resultSchema(z.object({ lines: z.array(z.string()), cursorY: z.number() }))),
};
