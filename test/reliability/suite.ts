/**
 * Shared knobs of the reliability and security suites.
 *
 * `AGENT_ORCHESTRATOR_LONG_TESTS=1` runs the long variants (more kills, more parallel creates,
 * 100k fuzzed protocol messages); the default sizes keep `npm test` reasonable on 2 cores.
 * Every suite records one row (faults injected, operations, inputs tried, data lost) that the
 * global teardown prints as a table (`summary-global.ts`).
 */
import { appendFileSync } from 'node:fs';

export const LONG = process.env.AGENT_ORCHESTRATOR_LONG_TESTS === '1';

/** Pick the default or the long size. */
export function size(normal: number, long: number): number {
  return LONG ? long : normal;
}

export interface SummaryRow {
  suite: string;
  faults: number;
  operations: number;
  inputs: number;
  /** Commits, uncommitted changes or registrations missing afterwards (must be 0). */
  dataLost: number;
  ms: number;
}

/** Add this suite's row to the table printed at the end of the run. */
export function recordSummary(row: SummaryRow): void {
  const file = process.env.AGENT_ORCHESTRATOR_SUMMARY_FILE;
  if (!file) return;
  appendFileSync(file, JSON.stringify(row) + '\n');
}
