/**
 * `ci.json`: what CI triage must remember across engine restarts, per worktree path — the
 * auto-triage toggle, delivered failure signatures and attempt counts (so a restart never
 * re-sends a failure, ao PR #612), and the last failure with its cleaned log (the handoff's
 * "last CI failure", the checks panel). Bad entries are dropped one by one.
 */
import path from 'node:path';
import * as z from 'zod';
import { CiFailureSchema, MAX_FAILURE_LOG_CHARS } from '../../../shared/protocol/ci.ts';
import { JsonStore } from '../state/index.ts';
import { EMPTY_TRIAGE, type WorktreeTriageState } from './triage-policy.ts';

export const CI_STATE_VERSION = 1;

const TrackSchema = z.object({ attempts: z.number().int().min(0), firstSentAt: z.number(), escalated: z.boolean() });

export const CiRecordSchema = z.object({
  autoTriage: z.boolean(),
  triage: z.object({ checks: z.record(z.string(), TrackSchema), sent: z.array(z.string()) }),
  lastFailure: CiFailureSchema.nullable(),
  /** Cleaned, masked log tail of the last failure. */
  failureLog: z.string().max(MAX_FAILURE_LOG_CHARS).nullable(),
  /** The prompt built for it. */
  failurePrompt: z.string().nullable(),
});
/** A worktree's record; the triage part is the policy's own (readonly) state. */
export type CiRecord = Omit<z.infer<typeof CiRecordSchema>, 'triage'> & { triage: WorktreeTriageState };

export interface CiState {
  worktrees: Record<string, CiRecord>;
}

export function emptyRecord(): CiRecord {
  return { autoTriage: false, triage: EMPTY_TRIAGE, lastFailure: null, failureLog: null, failurePrompt: null };
}

const CiStateSchema = z
  .object({ worktrees: z.record(z.string(), z.unknown()) })
  .transform((state) => ({
    worktrees: Object.fromEntries(
      Object.entries(state.worktrees).flatMap(([key, value]) => {
        const parsed = CiRecordSchema.safeParse(value);
        return parsed.success ? [[key, parsed.data] as const] : [];
      }),
    ),
  })) as unknown as z.ZodType<CiState>;

export function createCiStore(home: string): JsonStore<CiState> {
  return new JsonStore<CiState>({
    file: path.join(home, 'ci.json'),
    version: CI_STATE_VERSION,
    schema: CiStateSchema,
    defaults: () => ({ worktrees: {} }),
  });
}
