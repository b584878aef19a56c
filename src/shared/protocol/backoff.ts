/**
 * Reconnect delays after the engine's socket closes (engine restart, laptop sleep), for every
 * client of {@link ReconnectingClient} (`reconnecting-client.ts`).
 */

/** First retry comes quickly: an engine restart usually takes well under a second. */
export const RECONNECT_BASE_MS = 250;

/** Cap, so a long outage still retries often enough to notice the engine is back. */
export const RECONNECT_MAX_MS = 5_000;

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential with up to 20 % jitter, so
 * several windows do not hammer a restarting engine in lockstep.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  const jitter = exponential * 0.2 * random();
  return Math.round(Math.min(RECONNECT_MAX_MS, exponential - jitter));
}

/**
 * Plain doubling from `firstMs` up to `maxMs`, no jitter: attempt 0 (right after a connection
 * that worked) and attempt 1 wait `firstMs`, each further failure twice as long. The desktop
 * shell's one client per machine has nobody to fall in lockstep with.
 */
export function doublingDelay(firstMs: number, maxMs: number): (attempt: number) => number {
  return (attempt) => Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1));
}
