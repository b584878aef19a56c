/**
 * Quota policy as pure functions: threshold warnings without repeats, screen stall detection on
 * realistic agent messages, and the "continue at reset + 1 min" decision.
 */
import { describe, expect, it } from 'vitest';
import { newWarnings, activeWarnings } from '../../../src/main/engine/usage/quota/threshold-warnings.ts';
import { detectScreenStall } from '../../../src/main/engine/usage/quota/screen-stall.ts';
import { decideResume, type ResumeSettings } from '../../../src/main/engine/usage/quota/resume-decision.ts';
import type { RateWindow } from '../../../src/shared/protocol/usage.ts';

const T0 = Date.parse('2026-09-10T10:00:00Z');
const MIN = 60_000;

function win(used: number, resetIso = '2026-09-10T12:40:00.000Z', extra: Partial<RateWindow> = {}): RateWindow {
  return {
    provider: 'codex',
    account: 'home',
    bucket: 'codex',
    bucketName: null,
    kind: '5h',
    windowMinutes: 300,
    usedPercent: used,
    resetsAt: resetIso,
    observedAt: new Date(T0).toISOString(),
    source: 'codex-rollout',
    stale: false,
    awaitingData: false,
    exhausted: used >= 98,
    elapsedPercent: 50,
    pacePercent: 0,
    overPace: false,
    burnPerHour: null,
    projectedFullAt: null,
    binding: true,
    ...extra,
  };
}

describe('threshold warnings', () => {
  it('fires each threshold once per window instance', () => {
    let fired = new Set<string>();
    const step = (used: number, reset?: string) => {
      const r = newWarnings([win(used, reset)], fired);
      fired = r.fired;
      return r.warnings.map((w) => w.threshold);
    };
    expect(step(70)).toEqual([]);
    expect(step(81)).toEqual([80]);
    expect(step(85)).toEqual([]);
    expect(step(96)).toEqual([95]);
    expect(step(99)).toEqual([]);
    // A new instance (later reset) starts clean.
    expect(step(82, '2026-09-10T17:40:00.000Z')).toEqual([80]);
  });

  it('raises only the highest threshold on a jump, and never the skipped one later', () => {
    const first = newWarnings([win(97)], new Set());
    expect(first.warnings.map((w) => w.threshold)).toEqual([95]);
    expect(newWarnings([win(97)], first.fired).warnings).toEqual([]);
  });

  it('honours configured thresholds and ignores windows awaiting data', () => {
    expect(newWarnings([win(55)], new Set(), [50, 75]).warnings.map((w) => w.threshold)).toEqual([50]);
    expect(activeWarnings([win(99, undefined, { awaitingData: true, usedPercent: 0 })])).toEqual([]);
  });
});

describe('screen stall detection', () => {
  const cases: [string, string, string | null][] = [
    ["You've hit your limit · resets 3pm (Europe/Berlin)", 'claude-hit', '2026-09-10T13:00:00.000Z'],
    ['5-hour limit reached ∙ resets 2am', 'claude-window', '2026-09-11T02:00:00.000Z'],
    ['Claude AI usage limit reached|1789045200', 'claude-old', '2026-09-10T13:00:00.000Z'],
    ['Weekly limit reached ∙ resets Sep 12, 9am', 'claude-window', '2026-09-12T09:00:00.000Z'],
    ["■ You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), or try again in 2 hours 5 minutes.", 'codex-usage', '2026-09-10T12:05:00.000Z'],
    ["You've reached your usage limit for GPT-5.3-Codex-Spark.", 'codex-spark', null],
    ["Quota exceeded for quota metric 'Gemini 2.5 Pro Requests' and limit 'Gemini 2.5 Pro Requests per day per user per tier'", 'gemini-quota', null],
    ['You have exhausted your capacity on this model. Your quota will reset after 3h12m.', 'gemini-exhausted', '2026-09-10T13:12:00.000Z'],
    ['⚡ You have reached your daily gemini-2.5-pro quota limit.', 'gemini-daily', null],
  ];
  for (const [line, pattern, reset] of cases) {
    it(`recognises: ${line.slice(0, 50)}`, () => {
      const found = detectScreenStall(['some output', line, '> '], T0, 'UTC');
      expect(found?.pattern).toBe(pattern);
      expect(found?.kind).toBe('usage-limit');
      expect(found?.resetAt === null ? null : new Date(found!.resetAt!).toISOString()).toBe(reset);
    });
  }

  it('tells transient 429 retries apart', () => {
    const found = detectScreenStall(['stream error: exceeded retry limit, last status: 429 Too Many Requests'], T0, 'UTC');
    expect(found).toMatchObject({ kind: 'rate-limit', resetAt: null });
  });

  it('ignores ordinary output and old scrollback', () => {
    expect(detectScreenStall(['// handle the rate limit in fetchWithRetry()', 'done'], T0, 'UTC')).toBeNull();
    const old = ["You've hit your limit · resets 3pm", ...Array.from({ length: 20 }, (_, i) => `line ${i}`)];
    expect(detectScreenStall(old, T0, 'UTC')).toBeNull();
  });
});

describe('resume decision', () => {
  const on: ResumeSettings = { enabled: true, continueText: 'continue', delayMs: 60_000 };
  const stall = { provider: 'codex' as const, terminalSessionId: 't1', detectedAt: T0, resetAt: T0 + 30 * MIN, resumedAt: null };

  it('waits until the reset plus a minute, then sends once', () => {
    expect(decideResume(stall, null, T0, on)).toEqual({ action: 'wait', until: T0 + 31 * MIN });
    expect(decideResume(stall, null, T0 + 31 * MIN, on)).toEqual({ action: 'send', text: 'continue', terminalSessionId: 't1' });
    expect(decideResume({ ...stall, resumedAt: T0 + 31 * MIN }, null, T0 + 40 * MIN, on)).toEqual({ action: 'none', reason: 'already-sent' });
  });

  it('uses the exhausted window reset when it is later than the text said', () => {
    const w = win(100, new Date(T0 + 90 * MIN).toISOString(), { exhausted: true, observedAt: new Date(T0 - MIN).toISOString() });
    expect(decideResume(stall, w, T0 + 31 * MIN, on)).toEqual({ action: 'wait', until: T0 + 91 * MIN });
  });

  it('sends early when newer data shows headroom', () => {
    const w = win(20, new Date(T0 + 90 * MIN).toISOString(), { observedAt: new Date(T0 + 5 * MIN).toISOString() });
    expect(decideResume(stall, w, T0 + 6 * MIN, on).action).toBe('send');
  });

  it('does nothing when disabled, without a terminal or without any reset time', () => {
    expect(decideResume(stall, null, T0 + 99 * MIN, { ...on, enabled: false })).toEqual({ action: 'none', reason: 'disabled' });
    expect(decideResume({ ...stall, terminalSessionId: null }, null, T0, on)).toEqual({ action: 'none', reason: 'no-terminal' });
    expect(decideResume({ ...stall, resetAt: null }, null, T0, on)).toEqual({ action: 'none', reason: 'unknown-reset' });
  });
});
