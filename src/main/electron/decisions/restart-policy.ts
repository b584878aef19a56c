/**
 * When to restart a crashed engine, and when to stop trying.
 *
 * Exponential backoff, capped, with a limit on consecutive restarts so a crash loop (a broken
 * install, a corrupt state file) ends in a visible error instead of a spinning CPU. A run that
 * stayed up long enough counts as healthy and resets the count, so a crash once a day never
 * exhausts the budget.
 */

/** Knobs of the restart policy. */
export interface RestartPolicy {
  /** Consecutive restarts allowed before giving up. */
  readonly maxRestarts: number;
  /** Delay before the first restart; doubled for each further one. */
  readonly baseDelayMs: number;
  /** Upper bound of the delay. */
  readonly maxDelayMs: number;
  /** An engine that ran at least this long before dying is "healthy": the count starts over. */
  readonly stableUptimeMs: number;
}

/** 5 restarts at 0.5 s, 1 s, 2 s, 4 s, 8 s; a minute of uptime resets the count. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 5,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  stableUptimeMs: 60_000,
};

/** What to do after the engine died. */
export type RestartPlan =
  | { readonly action: 'restart'; readonly attempt: number; readonly delayMs: number }
  | { readonly action: 'give-up'; readonly attempts: number };

/**
 * Decide whether and when to restart.
 *
 * `restartsSoFar` counts consecutive restarts already made; `uptimeMs` is how long the engine that
 * just died had been ready (0 if it never became ready).
 */
export function planRestart(
  policy: RestartPolicy,
  state: { readonly restartsSoFar: number; readonly uptimeMs: number },
): RestartPlan {
  const restartsSoFar = state.uptimeMs >= policy.stableUptimeMs ? 0 : state.restartsSoFar;
  if (restartsSoFar >= policy.maxRestarts) {
    return { action: 'give-up', attempts: restartsSoFar };
  }
  return {
    action: 'restart',
    attempt: restartsSoFar + 1,
    delayMs: Math.min(policy.baseDelayMs * 2 ** restartsSoFar, policy.maxDelayMs),
  };
}

/** The whole delay schedule of a policy, e.g. for logs and tests: `[500, 1000, 2000, 4000, 8000]`. */
export function restartSchedule(policy: RestartPolicy): number[] {
  const delays: number[] = [];
  for (let restartsSoFar = 0; ; restartsSoFar++) {
    const plan = planRestart(policy, { restartsSoFar, uptimeMs: 0 });
    if (plan.action === 'give-up') return delays;
    delays.push(plan.delayMs);
  }
}
