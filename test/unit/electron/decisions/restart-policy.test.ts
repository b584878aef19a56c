import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESTART_POLICY,
  planRestart,
  restartSchedule,
} from '../../../../src/main/electron/decisions/restart-policy.ts';

describe('planRestart', () => {
  it('backs off exponentially and gives up after five restarts', () => {
    expect(restartSchedule(DEFAULT_RESTART_POLICY)).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(planRestart(DEFAULT_RESTART_POLICY, { restartsSoFar: 5, uptimeMs: 10 })).toEqual({
      action: 'give-up',
      attempts: 5,
    });
  });

  it('caps the delay', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, maxRestarts: 10 };
    expect(restartSchedule(policy).slice(-3)).toEqual([8000, 8000, 8000]);
  });

  it('starts counting over after a run that stayed up long enough', () => {
    const plan = planRestart(DEFAULT_RESTART_POLICY, {
      restartsSoFar: 5,
      uptimeMs: DEFAULT_RESTART_POLICY.stableUptimeMs,
    });
    expect(plan).toEqual({ action: 'restart', attempt: 1, delayMs: 500 });
  });

  it('keeps counting when the engine died soon after a restart', () => {
    expect(planRestart(DEFAULT_RESTART_POLICY, { restartsSoFar: 2, uptimeMs: 1_000 })).toEqual({
      action: 'restart',
      attempt: 3,
      delayMs: 2000,
    });
  });

  it('never restarts with a zero budget', () => {
    expect(restartSchedule({ ...DEFAULT_RESTART_POLICY, maxRestarts: 0 })).toEqual([]);
  });
});
