/**
 * Following a Codex session's rollout until its thread id is found: a user who spends minutes
 * on the sign-in and trust screens before the first turn still gets the thread pinned.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCodexThread } from '../../../src/main/engine/agents/restore/codex-thread-finder.ts';
import { followCodexThread, followDelay, MAX_DELAY_MS } from '../../../src/main/engine/agents/restore/codex-thread-follower.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const pad = (n: number) => String(n).padStart(2, '0');

function writeRollout(home: string, id: string, cwd: string, at: Date): void {
  const dir = path.join(home, 'sessions', String(at.getFullYear()), pad(at.getMonth() + 1), pad(at.getDate()));
  mkdirSync(dir, { recursive: true });
  const meta = { timestamp: at.toISOString(), type: 'session_meta', payload: { id, timestamp: at.toISOString(), cwd, originator: 'codex_cli_rs', cli_version: '0.171.0' } };
  writeFileSync(path.join(dir, `rollout-x-${id}.jsonl`), `${JSON.stringify(meta)}\n`);
}

const schedule = (callback: () => void, ms: number): (() => void) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

describe('followCodexThread', () => {
  it('keeps looking past the first minute until the rollout appears', async () => {
    const home = makeTempDir('ao-codex-');
    const cwd = makeTempDir('ao-wt-');
    const startedAtMs = Date.now();
    let looks = 0;
    let found: string | null = null;
    const delays: number[] = [];
    await new Promise<void>((resolve) => {
      followCodexThread({
        // Each look stands for a real-time delay; the rollout only appears at the 8th look, i.e.
        // after 1+2+4+8+15+15+15 s = 60 s of sign-in and trust screens in real time.
        delay: (attempt) => {
          delays.push(followDelay(attempt));
          return 5;
        },
        schedule,
        look: async () => {
          looks++;
          if (looks === 8) writeRollout(home, 'thread-1', cwd, new Date(startedAtMs + 60_000));
          found = await findCodexThread({ codexHome: home, cwd, startedAtMs, exclude: new Set(), nowMs: startedAtMs + 60_000 });
          if (found) resolve();
          return found ? 'found' : 'again';
        },
      });
    });
    expect(found).toBe('thread-1');
    expect(looks).toBe(8);
    // Quick at first, then at most every 15 s: the old 3/10/30 s looks would have given up by now.
    expect(delays.slice(0, 5)).toEqual([1_000, 2_000, 4_000, 8_000, MAX_DELAY_MS]);
    expect(delays.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(30_000);
  });

  it('stops when the session is gone, and when stopped', async () => {
    let looks = 0;
    await new Promise<void>((resolve) => {
      followCodexThread({
        delay: () => 1,
        schedule,
        look: async () => {
          looks++;
          if (looks === 3) setTimeout(resolve, 30);
          return looks === 3 ? 'stop' : 'again';
        },
      });
    });
    expect(looks).toBe(3);

    let afterStop = 0;
    const stop = followCodexThread({ delay: () => 5, schedule, look: async () => (afterStop++, 'again') });
    stop();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(afterStop).toBe(0);
  });

  it('keeps going after a failed look', async () => {
    const errors: unknown[] = [];
    let looks = 0;
    await new Promise<void>((resolve) => {
      followCodexThread({
        delay: () => 1,
        schedule,
        onError: (error) => errors.push(error),
        look: async () => {
          looks++;
          if (looks === 1) throw new Error('EACCES');
          resolve();
          return 'found';
        },
      });
    });
    expect(looks).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
