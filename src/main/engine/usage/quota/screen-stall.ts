/**
 * Recognise "this agent stopped on a limit" from the text on its terminal screen.
 *
 * The log rows say it too but late (Claude does not flush transcripts in real time); the screen
 * says it at once. Patterns are the agents' own phrasings, collected from their releases and
 * issue trackers, and they only look at the bottom of the screen so that an agent discussing rate
 * limits in code it wrote higher up does not count. `usage-limit` means blocked until a reset;
 * `rate-limit` is a transient 429 the CLI retries by itself.
 */
import { parseResetFromText } from '../sources/limit-text.ts';
import type { UsageProvider } from '../types.ts';

/** One recognised limit message. */
export interface ScreenStall {
  readonly provider: UsageProvider | null;
  readonly kind: 'usage-limit' | 'rate-limit';
  readonly pattern: string;
  /** The screen line that matched. */
  readonly line: string;
  /** Epoch ms when the message names a reset time. */
  readonly resetAt: number | null;
}

interface Pattern {
  readonly id: string;
  readonly provider: UsageProvider | null;
  readonly kind: ScreenStall['kind'];
  readonly re: RegExp;
}

/**
 * Known messages, most specific first. Examples each is meant for:
 * - claude-old: "Claude AI usage limit reached|1750708800"; "Claude usage limit reached. Your limit will reset at 3pm (Europe/Berlin)."
 * - claude-hit: "You've hit your limit · resets 1:30am (Asia/Dhaka)"
 * - claude-window: "5-hour limit reached ∙ resets 2am"; "Weekly limit reached ∙ resets Sep 12, 9am"; "Opus weekly limit reached ∙ resets Mon 9am"
 * - claude-api-429: "● API Error: Request rejected (429) · This request would exceed the rate limit for your organization …" (2.1.197 with an
 *   API key, recorded against a local server answering 429 `rate_limit_error`); older: "API Error: 429 {"type":"error","error":{"type":"rate_limit_error"…".
 *   Claude Code prints "API Error" only once it has stopped retrying (a `retry-after` beyond its wait it gives up at once): the turn is over and
 *   the agent waits for the limit to lift, so this is a stall, not a transient 429.
 * - codex-usage: "■ You've hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), or try again in 4 days 22 hours 40 minutes."
 * - codex-credits: "You've hit your usage limit. Visit https://chatgpt.com/codex/settings/usage to purchase more credits or try again at 3:05 PM."
 * - codex-spark: "You've reached your usage limit for GPT-5.3-Codex-Spark."
 * - gemini-quota: "Quota exceeded for quota metric 'Gemini 2.5 Pro Requests' and limit 'Gemini 2.5 Pro Requests per day per user per tier'"
 * - gemini-daily: "⚡ You have reached your daily gemini-2.5-pro quota limit."; "Usage limit reached for all Pro models."
 * - gemini-exhausted: "You have exhausted your capacity on this model. Your quota will reset after 3h12m."
 * - transient: "stream error: exceeded retry limit, last status: 429 Too Many Requests"; "Rate limit reached for gpt-5 in organization org-… on tokens per min (TPM)"; "[API Error: got status: 429 Too Many Requests. RESOURCE_EXHAUSTED]"
 */
export const SCREEN_PATTERNS: readonly Pattern[] = [
  { id: 'claude-old', provider: 'claude', kind: 'usage-limit', re: /Claude (?:AI )?usage limit reached/i },
  { id: 'claude-hit', provider: 'claude', kind: 'usage-limit', re: /You['’]ve hit your limit\b/i },
  { id: 'claude-window', provider: 'claude', kind: 'usage-limit', re: /\b(?:5-hour|weekly|opus weekly|sonnet weekly|session) limit reached\b/i },
  { id: 'claude-api-429', provider: 'claude', kind: 'usage-limit', re: /API Error: (?:Request rejected \(429\)|429\b.*rate_limit_error)/ },
  { id: 'codex-usage', provider: 'codex', kind: 'usage-limit', re: /You['’]ve hit your usage limit\b/i },
  { id: 'codex-spark', provider: 'codex', kind: 'usage-limit', re: /You['’]ve reached your usage limit\b/i },
  { id: 'gemini-quota', provider: 'gemini', kind: 'usage-limit', re: /Quota exceeded for quota metric\b/i },
  { id: 'gemini-daily', provider: 'gemini', kind: 'usage-limit', re: /\b(?:reached your daily [\w.-]+ quota limit|Usage limit reached for all [\w.-]+ models)/i },
  { id: 'gemini-exhausted', provider: 'gemini', kind: 'usage-limit', re: /You have exhausted your (?:capacity|daily quota)\b/i },
  { id: 'transient-429', provider: null, kind: 'rate-limit', re: /\b429\b.*(?:Too Many Requests|rate_limit_error|RESOURCE_EXHAUSTED)|exceeded retry limit, last status: 429/i },
  { id: 'transient-rate', provider: null, kind: 'rate-limit', re: /\bRate limit reached for\b/i },
];

/** Bottom lines searched: limit messages are the last thing an agent prints. */
export const SCREEN_TAIL_LINES = 12;

/** Relative "reset after 3h12m" (Gemini). */
function resetAfter(text: string, now: number): number | null {
  const m = /reset after (?:(\d+)h)?\s*(?:(\d+)m)?/i.exec(text);
  if (!m || (!m[1] && !m[2])) return null;
  return now + (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60_000;
}

/** Screen lines a limit message may wrap over (Codex 0.171's runs to three at 80 columns). */
const MESSAGE_LINES = 3;

/**
 * The reset named by a limit line, which may wrap onto the next screen lines. A terminal wraps at
 * the column, mid-word as often as not ("try again in 5 m" / "inutes."), so the lines are tried
 * joined as they are first, then with a space (a wrap that fell on a trimmed blank); two lines
 * (a time cut by the wrap, "try again at 3" / ":05 PM"), then three, so a time further down is
 * only read when the nearer lines name none.
 */
function resetIn(lines: readonly string[], now: number, zone: string): number | null {
  for (let count = Math.min(2, lines.length); count <= Math.min(MESSAGE_LINES, lines.length); count++) {
    const part = lines.slice(0, count);
    for (const text of [part.join(''), part.join(' ')]) {
      const at = parseResetFromText(text, now, zone) ?? resetAfter(text, now);
      if (at !== null) return at;
    }
  }
  return null;
}

/**
 * The limit message on a screen, if any (the lowest match wins: it is the most recent).
 *
 * `lines` are the screen's text lines top to bottom; `now` anchors relative reset times; `zone`
 * is used for wall-clock reset times that name no zone.
 */
export function detectScreenStall(lines: readonly string[], now: number, zone: string): ScreenStall | null {
  const tail = lines.filter((line) => line.trim() !== '').slice(-SCREEN_TAIL_LINES);
  for (let i = tail.length - 1; i >= 0; i--) {
    const line = tail[i]!;
    for (const pattern of SCREEN_PATTERNS) {
      if (!pattern.re.test(line)) continue;
      return {
        provider: pattern.provider,
        kind: pattern.kind,
        pattern: pattern.id,
        line: line.trim(),
        resetAt: pattern.kind === 'usage-limit' ? resetIn(tail.slice(i, i + MESSAGE_LINES), now, zone) : null,
      };
    }
  }
  return null;
}
