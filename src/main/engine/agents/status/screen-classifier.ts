/**
 * What an agent's screen says about it: asking for approval, busy, or at its prompt.
 *
 * Only the bottom of the screen is read (a profile's `window` of non-empty lines): that is where
 * every agent draws its live state, while the scrollback above holds history that must not count
 * (an approval answered minutes ago). An approval outranks a busy indicator, which outranks the
 * prompt: Claude Code keeps its input box on screen while it works, and Gemini replaces its
 * spinner text with "Waiting for user confirmation" while it asks. But an approval with the
 * input prompt drawn below it is history, not a question. An error the agent stopped on (no
 * connection, a refused key) reads as a question too until the user submits something after it.
 */
import type { ScreenPatterns } from '../profiles/agent-profile.ts';

export type ScreenVerdict = 'approval' | 'busy' | 'prompt' | 'unknown';

export interface ScreenReading {
  readonly verdict: ScreenVerdict;
  /** The line that decided it, without box-drawing borders (the question, for approvals). */
  readonly detail: string | null;
}

/** Box-drawing and selection characters TUIs frame their dialogs with. */
const FRAME = /^[\s│┃║|╭╮╰╯─━┌┐└┘├┤]+|[\s│┃║|╭╮╰╯─━┌┐└┘├┤]+$/g;

/** The reply marker in front of an agent's message ("● API Error: …"). */
const BULLET = /^[●⏺✗✕■]\s*/;

/** Classify a screen (its visible lines, top to bottom) with one agent's patterns. */
export function classifyScreen(lines: readonly string[], patterns: ScreenPatterns): ScreenReading {
  const window = bottomLines(lines, patterns.window);
  const approval = findLine(window, patterns.approval);
  // An input prompt drawn below the question means the question is history (answered, or prose
  // in the agent's reply): the TUIs replace their input box with the dialog while they ask.
  if (approval !== null && lowestMatch(window, patterns.prompt) < Math.max(approval.index, lowestMatch(window, patterns.approval))) {
    return { verdict: 'approval', detail: approval.text };
  }
  const prompt = findLine(window, patterns.prompt);
  const busy = findLine(window, patterns.busy);
  if (busy !== null) return { verdict: 'busy', detail: busy.text };
  // An error the agent stopped on, with nothing submitted since: it waits at its prompt for the
  // user to fix something (the connection, the key), which is a question, not a finished task.
  const blockedAt = lowestMatch(window, patterns.blocked ?? []);
  if (blockedAt >= 0 && lowestMatch(window, patterns.submitted ?? []) < blockedAt) {
    return { verdict: 'approval', detail: window[blockedAt]!.replace(FRAME, '').replace(BULLET, '').slice(0, 200) };
  }
  if (prompt !== null) return { verdict: 'prompt', detail: null };
  return { verdict: 'unknown', detail: null };
}

/** The last `count` non-empty lines (trailing blanks trimmed), in screen order. */
export function bottomLines(lines: readonly string[], count: number): string[] {
  const nonEmpty = lines.map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
  return nonEmpty.slice(Math.max(0, nonEmpty.length - count));
}

/** Index of the lowest line matching any of the patterns, -1 if none. */
function lowestMatch(lines: readonly string[], patterns: readonly RegExp[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    const cleaned = line.replace(FRAME, '');
    if (patterns.some((pattern) => pattern.test(line) || pattern.test(cleaned))) return i;
  }
  return -1;
}

interface Found {
  readonly text: string;
  /** Index of the lowest line the pattern matched. */
  readonly index: number;
}

/**
 * The match of the first pattern that matches any line (patterns are listed most telling first,
 * so the question wins over the "❯ 1. Yes" under it), cleaned of frame characters.
 */
function findLine(lines: readonly string[], patterns: readonly RegExp[]): Found | null {
  const cleaned = lines.map((line) => line.replace(FRAME, ''));
  for (const pattern of patterns) {
    for (let i = lines.length - 1; i >= 0; i--) {
      if (pattern.test(lines[i]!) || pattern.test(cleaned[i]!)) return { text: cleaned[i]!.slice(0, 200), index: i };
    }
    // A question wrapped by a narrow pane: its end on one line, its start on the one above.
    for (let i = lines.length - 1; i > 0; i--) {
      const joined = `${lines[i - 1]!}${lines[i]!}`;
      if (pattern.test(joined)) return { text: joined.replace(FRAME, '').slice(0, 200), index: i };
    }
  }
  return null;
}
