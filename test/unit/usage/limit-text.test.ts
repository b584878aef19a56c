/**
 * Reset times written in words (agent-logs.md §3.3.5, §7.7): epoch after a bar, local wall-clock
 * times with and without an IANA zone, dates, relative durations.
 */
import { describe, expect, it } from 'vitest';
import { parseResetFromText } from '../../../src/main/engine/usage/sources/limit-text.ts';

const at = (iso: string) => Date.parse(iso);

describe('parseResetFromText', () => {
  it('reads the old epoch form', () => {
    expect(parseResetFromText('Claude AI usage limit reached|1750708800', at('2025-06-23T16:24:50Z'), 'UTC')).toBe(at('2025-06-23T20:00:00Z'));
  });

  it('reads a wall-clock time in the named zone (15:00 Berlin summer = 13:00Z)', () => {
    expect(parseResetFromText("You've hit your limit · resets 3pm (Europe/Berlin)", at('2026-09-10T08:41:00Z'), 'UTC')).toBe(at('2026-09-10T13:00:00Z'));
  });

  it('uses the default zone when none is named, and rolls to the next day when the time passed', () => {
    // 2am in Asia/Dhaka (UTC+6) after 23:00Z = 05:00 local → the next 02:00 local is 20:00Z the same UTC day.
    expect(parseResetFromText('5-hour limit reached ∙ resets 2am', at('2026-09-10T23:00:00Z'), 'Asia/Dhaka')).toBe(at('2026-09-11T20:00:00Z'));
    expect(parseResetFromText("You've hit your limit · resets 1:30am (Asia/Dhaka)", at('2026-09-10T10:00:00Z'), 'UTC')).toBe(at('2026-09-10T19:30:00Z'));
  });

  it('reads a date before the time', () => {
    expect(parseResetFromText('Weekly limit reached ∙ resets Sep 12, 9am', at('2026-09-10T10:00:00Z'), 'America/New_York')).toBe(at('2026-09-12T13:00:00Z'));
  });

  it('reads Codex relative and absolute forms', () => {
    const t = at('2026-09-10T10:00:00Z');
    expect(parseResetFromText("You've hit your usage limit … try again in 1 hour 5 minutes.", t, 'UTC')).toBe(t + 65 * 60_000);
    expect(parseResetFromText('… purchase more credits or try again at 3:05 PM.', t, 'UTC')).toBe(at('2026-09-10T15:05:00Z'));
  });

  it('returns null when no time is named', () => {
    expect(parseResetFromText('usage limit reached', 0, 'UTC')).toBeNull();
    expect(parseResetFromText('resets 3', 0, 'UTC')).toBeNull();
  });
});
