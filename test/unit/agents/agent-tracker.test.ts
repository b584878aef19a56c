/**
 * The tracker's timers around a launch prompt it types itself (prompt mode 'type'), on a clock
 * the test moves: a slow agent or a loaded machine must not turn "not asked yet" into "done".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_PROFILES } from '../../../src/main/engine/agents/profiles/builtin-profiles.ts';
import { AgentTracker, type TrackerTerminals } from '../../../src/main/engine/agents/status/agent-tracker.ts';
import { initialState, type MachineConfig } from '../../../src/main/engine/agents/status/status-machine.ts';
import type { TerminalConsumer } from '../../../src/main/engine/terminals/index.ts';
import { ok } from '../../../src/shared/result.ts';

const Q = 700;
const config: MachineConfig = { quiescenceMs: Q, echoWindowMs: 300, sustainMs: 1_500, hookAuthority: { idle: false, working: false } };
const codex = BUILTIN_PROFILES.find((profile) => profile.id === 'codex')!;

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

/**
 * A session whose screen the test sets; records what the tracker types and, like the agent
 * service, tells the tracker about it (`input`).
 */
function session(initialLines: string[]) {
  let consumer: TerminalConsumer | null = null;
  const typed: string[] = [];
  const wiring: { tracker: AgentTracker | null } = { tracker: null };
  const screen = { lines: initialLines };
  const terminals: TrackerTerminals = {
    attach: (_id, c) => {
      consumer = c;
      return ok({ ack: () => undefined, detach: () => undefined });
    },
    screen: () => ok({ lines: screen.lines, cursorY: 0 }),
    input: (_id, data) => {
      typed.push(String(data));
      wiring.tracker?.input(data);
      return ok(null);
    },
  };
  const output = (lines: string[]): void => {
    screen.lines = lines;
    consumer!.sendData(Buffer.from(lines.join('\r\n')));
  };
  return { terminals, typed, output, wiring };
}

describe('a launch prompt the tracker types', () => {
  it('keeps the session working while the prompt is not typed yet, however long the agent takes to show its prompt', () => {
    const { terminals, typed, output, wiring } = session([]);
    const statuses: string[] = [];
    const tracker = new AgentTracker({
      sessionId: 's',
      screen: codex.screen,
      initial: initialState(0, true),
      terminals,
      config: () => config,
      onChange: (_previous, next) => statuses.push(next.status),
      typedPrompt: 'fix the test',
      typeFallbackMs: 10_000,
    });
    wiring.tracker = tracker;
    tracker.start();
    // The agent prints a banner (not its prompt yet), then nothing for 8 s: a cold start on a busy machine.
    output(['Starting…']);
    vi.advanceTimersByTime(8_000);
    expect(typed).toEqual([]);
    expect(tracker.state).toMatchObject({ status: 'working', finishedTasks: 0 });
    expect(statuses).toEqual([]);
    // The fallback types the prompt at 10 s; the agent then answers and goes quiet: one task, done.
    vi.advanceTimersByTime(2_000);
    expect(typed.join('')).toContain('fix the test');
    vi.advanceTimersByTime(400);
    output(['• Working (0s • esc to interrupt)']);
    vi.advanceTimersByTime(500);
    output(['• Done: fix the test', '', '› ']);
    vi.advanceTimersByTime(3_000);
    expect(tracker.state).toMatchObject({ status: 'idle', finishedTasks: 1 });
    expect(statuses).toEqual(['idle']);
    tracker.dispose();
  });
});

describe('a screen read while the status changed', () => {
  it('does not let a screen asked for before a Stop hook undo the hook ("done" back to "working")', async () => {
    const claude = BUILTIN_PROFILES.find((profile) => profile.id === 'claude')!;
    const { terminals, output } = session([]);
    // The mirror thread answers late (busy on a loaded machine): the test decides when.
    const reads: Array<{ lines: string[]; answer: () => void }> = [];
    const slow: TrackerTerminals = {
      ...terminals,
      screenSettled: (id) =>
        new Promise((resolve) => {
          const read = terminals.screen(id);
          const lines = read.ok ? read.value.lines : [];
          reads.push({ lines, answer: () => resolve(ok({ lines, cursorY: 0 })) });
        }),
    };
    const statuses: string[] = [];
    const tracker = new AgentTracker({
      sessionId: 's',
      screen: claude.screen,
      initial: initialState(0, true),
      terminals: slow,
      config: () => ({ ...config, hookAuthority: { idle: true, working: true } }),
      onChange: (_previous, next) => statuses.push(`${next.status}:${next.source}`),
    });
    tracker.start();
    output(['✻ Thinking… (3s · ↑ 1.2k tokens · esc to interrupt)']);
    vi.advanceTimersByTime(200); // the classify delay: the busy screen is asked for…
    expect(reads).toHaveLength(1);
    // …the agent erases its spinner and its Stop hook says the turn is done before the answer.
    output(['⏺ Done: run the tests', '', '> ']);
    tracker.hook('idle', null);
    expect(tracker.state.status).toBe('idle');
    reads[0]!.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(tracker.state.status).toBe('idle');
    // The screen is read again, as it is now: still done.
    await vi.advanceTimersByTimeAsync(200);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    reads.at(-1)!.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(tracker.state.status).toBe('idle');
    expect(statuses.filter((entry) => entry.startsWith('working'))).toEqual([]);
    tracker.dispose();
  });
});
