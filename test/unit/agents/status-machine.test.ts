/**
 * The status state machine, driven with explicit times (no timers).
 */
import { describe, expect, it } from 'vitest';
import type { ScreenReading } from '../../../src/main/engine/agents/status/screen-classifier.ts';
import {
  exitedState,
  initialState,
  nextDeadline,
  step,
  type MachineConfig,
  type MachineEvent,
  type MachineState,
} from '../../../src/main/engine/agents/status/status-machine.ts';

const Q = 1000;
const screenOnly: MachineConfig = { quiescenceMs: Q, echoWindowMs: 300, sustainMs: 1500, hookAuthority: { idle: false, working: false } };
const withHooks: MachineConfig = { ...screenOnly, hookAuthority: { idle: true, working: true } };

const approval: ScreenReading = { verdict: 'approval', detail: 'Do you want to proceed?' };
const busy: ScreenReading = { verdict: 'busy', detail: '✻ Thinking… (esc to interrupt)' };
const prompt: ScreenReading = { verdict: 'prompt', detail: null };

function run(state: MachineState, events: readonly MachineEvent[], config = screenOnly): MachineState {
  return events.reduce((current, event) => step(current, event, config), state);
}

/** Output every `every` ms from `from` to `to` (inclusive). */
function outputs(from: number, to: number, every = 100): MachineEvent[] {
  const events: MachineEvent[] = [];
  for (let at = from; at <= to; at += every) events.push({ type: 'output', at });
  return events;
}

describe('launch', () => {
  it('starts working with a prompt and idle without one', () => {
    expect(initialState(0, true).status).toBe('working');
    expect(initialState(0, false).status).toBe('idle');
    expect(initialState(0, true).source).toBe('launch');
  });

  it('gives a started agent that prints nothing four quiescence times (at least 10 s) to start, then calls it idle, not finished', () => {
    const started = initialState(0, true);
    expect(nextDeadline(started, screenOnly)).toBe(10_000);
    expect(nextDeadline(started, { ...screenOnly, quiescenceMs: 5_000 })).toBe(20_000);
    expect(run(started, [{ type: 'tick', at: 10_000 - 1 }]).status).toBe('working');
    const idle = run(started, [{ type: 'tick', at: 10_000 }]);
    expect(idle.status).toBe('idle');
    // It never printed anything: no task was done, so no "finished" (and no notification saying so).
    expect(idle.finishedTasks).toBe(0);
  });

  it('needs only the quiescence time once the started agent printed something', () => {
    const printed = run(initialState(0, true), [{ type: 'output', at: 100 }]);
    expect(nextDeadline(printed, screenOnly)).toBe(100 + Q);
    expect(run(printed, [{ type: 'tick', at: 100 + Q }]).status).toBe('idle');
  });
});

describe('working and idle from output', () => {
  it('stays working while output keeps coming, and goes idle once it is quiet', () => {
    const state = run(initialState(0, true), [...outputs(0, 5000), { type: 'tick', at: 5500 }]);
    expect(state.status).toBe('working');
    expect(nextDeadline(state, screenOnly)).toBe(6000);
    const idle = run(state, [{ type: 'tick', at: 6000 }]);
    expect(idle).toMatchObject({ status: 'idle', since: 6000, source: 'output' });
  });

  it('needs longer quiet while a busy indicator is on screen (a spinner that stalls for a moment)', () => {
    const state = run(initialState(0, true), [{ type: 'output', at: 0 }, { type: 'screen', at: 100, reading: busy }, { type: 'tick', at: Q + 10 }]);
    expect(state.status).toBe('working');
    expect(run(state, [{ type: 'tick', at: 2 * Q }]).status).toBe('idle');
  });

  it('does not take a short burst (a redraw after a resize) for work', () => {
    const state = run(initialState(0, false), [...outputs(5000, 5200, 50)]);
    expect(state.status).toBe('idle');
  });

  it('takes sustained output (a command the agent runs by itself) for work', () => {
    const state = run(initialState(0, false), outputs(5000, 6600, 100));
    expect(state).toMatchObject({ status: 'working', source: 'output', since: 6500 });
  });

  it('ignores the echo of typing, however long the user types', () => {
    const events: MachineEvent[] = [];
    for (let at = 1000; at < 6000; at += 120) events.push({ type: 'input', at, submit: false }, { type: 'output', at: at + 5 });
    expect(run(initialState(0, false), events).status).toBe('idle');
  });

  it('takes the first output after a submit for work', () => {
    const state = run(initialState(0, false), [
      { type: 'input', at: 1000, submit: true },
      { type: 'output', at: 1005 }, // echo of the Enter
      { type: 'output', at: 1400 }, // the agent answering
    ]);
    expect(state).toMatchObject({ status: 'working', since: 1400 });
  });

  it('forgets a submit that led to nothing after a while', () => {
    const state = run(initialState(0, false), [{ type: 'input', at: 1000, submit: true }, { type: 'output', at: 60_000 }]);
    expect(state.status).toBe('idle');
  });
});

describe('needs input', () => {
  it('asks as soon as the screen shows an approval, whatever it was doing', () => {
    const asking = run(initialState(0, true), [...outputs(0, 500), { type: 'screen', at: 600, reading: approval }]);
    expect(asking).toMatchObject({ status: 'needs-input', detail: 'Do you want to proceed?', source: 'screen' });
    // Waiting for an answer is not "done", however long it takes.
    expect(nextDeadline(asking, screenOnly)).toBeNull();
    expect(run(asking, [{ type: 'tick', at: 600_000 }]).status).toBe('needs-input');
  });

  it('works again when the question leaves the screen and a busy indicator shows', () => {
    const asking = run(initialState(0, true), [{ type: 'screen', at: 600, reading: approval }]);
    const answered = run(asking, [
      { type: 'input', at: 5000, submit: false },
      { type: 'output', at: 5010 },
      { type: 'screen', at: 5160, reading: busy },
    ]);
    expect(answered).toMatchObject({ status: 'working', source: 'screen' });
  });

  it('is idle when the question leaves the screen for the prompt, until work shows', () => {
    const asking = run(initialState(0, true), [{ type: 'screen', at: 600, reading: approval }]);
    const answered = run(asking, [{ type: 'input', at: 5000, submit: true }, { type: 'screen', at: 5150, reading: prompt }]);
    expect(answered.status).toBe('idle');
    // The answer was a submit: the agent's output after it is work.
    expect(run(answered, [{ type: 'output', at: 5600 }]).status).toBe('working');
  });

  it('does not ask again for a question answered before its hook was read', () => {
    // Claude's Notification hook fires with the dialog; the user answers before the hook file is
    // read: the late event must not put "needs input" back on a session that is working.
    const asking = run(initialState(0, true), [{ type: 'screen', at: 600, reading: approval }], withHooks);
    const answered = run(asking, [{ type: 'input', at: 2000, submit: false }, { type: 'output', at: 2500 }, { type: 'screen', at: 2650, reading: busy }], withHooks);
    expect(answered.status).toBe('working');
    const late = step(answered, { type: 'hook', at: 2700, status: 'needs-input', detail: 'Claude needs your permission to use Bash', firedAt: 700 }, withHooks);
    expect(late.status).toBe('working');
    // Once that question's hook came, a question fired after the last keystroke is a new one.
    const fresh = step(late, { type: 'hook', at: 4000, status: 'needs-input', detail: 'Claude needs your permission to use Bash', firedAt: 3900 }, withHooks);
    expect(fresh).toMatchObject({ status: 'needs-input', source: 'hook' });
  });

  it('takes the first question hook after answering an unannounced question as that question, even when it fired after the answer', () => {
    // A loaded machine: the hook's helper starts after the user already answered.
    const asking = run(initialState(0, true), [{ type: 'screen', at: 600, reading: approval }], withHooks);
    const answered = run(asking, [{ type: 'input', at: 650, submit: false }, { type: 'screen', at: 900, reading: busy }], withHooks);
    expect(answered).toMatchObject({ status: 'working', unannouncedAnswerAt: 900 });
    const late = step(answered, { type: 'hook', at: 1500, status: 'needs-input', detail: 'Claude needs your permission to use Bash', firedAt: 1200 }, withHooks);
    expect(late).toMatchObject({ status: 'working', unannouncedAnswerAt: null });
    const next = step(late, { type: 'hook', at: 2500, status: 'needs-input', detail: 'Claude needs your permission to use Bash', firedAt: 2400 }, withHooks);
    expect(next).toMatchObject({ status: 'needs-input', source: 'hook' });
  });

  it('owes nothing for a question its hook announced, and forgets an unannounced one after a while', () => {
    const announced = run(
      initialState(0, true),
      [
        { type: 'screen', at: 600, reading: approval },
        { type: 'hook', at: 700, status: 'needs-input', detail: 'Claude needs your permission to use Bash', firedAt: 610 },
        { type: 'input', at: 800, submit: false },
        { type: 'screen', at: 1000, reading: busy },
      ],
      withHooks,
    );
    expect(announced).toMatchObject({ status: 'working', unannouncedAnswerAt: null });
    expect(step(announced, { type: 'hook', at: 1500, status: 'needs-input', detail: 'again', firedAt: 1400 }, withHooks).status).toBe('needs-input');

    const unannounced = run(initialState(0, true), [{ type: 'screen', at: 600, reading: approval }, { type: 'input', at: 650, submit: false }, { type: 'screen', at: 900, reading: busy }], withHooks);
    expect(step(unannounced, { type: 'hook', at: 900 + 10_001, status: 'needs-input', detail: 'later', firedAt: 10_800 }, withHooks).status).toBe('needs-input');
  });

  it('counts quiet from the answer, not from the output before a long question (no "done" a moment after answering)', () => {
    // The question waited 10 s; the answer's first output falls in the echo window (not counted):
    // the last output counted is the one before the question. Quiet must count from the moment
    // the session went back to work, or the next tick calls it finished at once.
    for (const config of [screenOnly, withHooks]) {
      const asking = run(initialState(0, true), [...outputs(0, 500), { type: 'screen', at: 600, reading: approval }], config);
      const answered = run(asking, [{ type: 'input', at: 10_600, submit: false }, { type: 'output', at: 10_700 }, { type: 'screen', at: 10_750, reading: busy }], config);
      expect(answered).toMatchObject({ status: 'working', source: 'screen' });
      expect(nextDeadline(answered, config)).toBeGreaterThan(10_750);
      const ticked = run(answered, [{ type: 'tick', at: 10_900 }], config);
      expect(ticked).toMatchObject({ status: 'working', finishedTasks: 0 });
    }
  });

  it('keeps the same state for a redrawn dialog', () => {
    const asking = run(initialState(0, true), [{ type: 'screen', at: 600, reading: approval }]);
    expect(step(asking, { type: 'screen', at: 900, reading: approval }, screenOnly)).toBe(asking);
  });
});

describe('hooks', () => {
  it('takes the status a hook reports', () => {
    const state = run(initialState(0, false), [{ type: 'hook', at: 10, status: 'working' }], withHooks);
    expect(state).toMatchObject({ status: 'working', source: 'hook', hooksSeen: true });
    const asking = run(state, [{ type: 'hook', at: 20, status: 'needs-input', detail: 'Claude needs your permission to use Bash' }], withHooks);
    expect(asking).toMatchObject({ status: 'needs-input', detail: 'Claude needs your permission to use Bash' });
    expect(run(asking, [{ type: 'hook', at: 30, status: 'idle' }], withHooks)).toMatchObject({ status: 'idle', finishedTasks: 0 });
  });

  it('marks the hooks as working for a presence-only event (SessionStart)', () => {
    const state = run(initialState(0, false), [{ type: 'hook', at: 10, status: null }], withHooks);
    expect(state).toMatchObject({ status: 'idle', hooksSeen: true });
  });

  it('lets authoritative hooks decide the start of work: output alone does not', () => {
    const hooked = run(initialState(0, false), [{ type: 'hook', at: 10, status: null }], withHooks);
    expect(run(hooked, outputs(1000, 4000), withHooks).status).toBe('idle');
    // Without hooks seen, the same output is work.
    expect(run(initialState(0, false), outputs(1000, 4000), withHooks).status).toBe('working');
  });

  it('lets authoritative hooks decide the end of work, with a long fallback', () => {
    const working = run(initialState(0, false), [{ type: 'hook', at: 0, status: 'working' }], withHooks);
    expect(run(working, [{ type: 'tick', at: 2 * Q }], withHooks).status).toBe('working');
    expect(run(working, [{ type: 'tick', at: 4 * Q }], withHooks).status).toBe('idle');
    expect(run(working, [{ type: 'hook', at: 500, status: 'idle' }], withHooks).status).toBe('idle');
  });

  it('does not finish a launched, hooked session that is silent while its first hook runs', () => {
    // Claude Code draws its banner, then runs UserPromptSubmit before any spinner: on a loaded
    // machine that hook can take longer than the quiescence time.
    const installed: MachineConfig = { ...withHooks, hooksInstalled: true };
    const launched = run(initialState(0, true), [{ type: 'output', at: 100 }, { type: 'tick', at: 100 + 2 * Q }], installed);
    expect(launched).toMatchObject({ status: 'working', finishedTasks: 0 });
    // Without hooks installed the same silence is the end of the launch period.
    expect(run(initialState(0, true), [{ type: 'output', at: 100 }, { type: 'tick', at: 100 + 2 * Q }], withHooks).status).toBe('idle');
    // Hooks that never come (a broken helper): quiet output still ends it, after the long fallback.
    expect(run(launched, [{ type: 'tick', at: 100 + 4 * Q }], installed)).toMatchObject({ status: 'idle', finishedTasks: 1 });
  });

  it('keeps an on-screen question over a late hook that says otherwise', () => {
    const asking = run(initialState(0, true), [{ type: 'hook', at: 0, status: null }, { type: 'screen', at: 100, reading: approval }], withHooks);
    expect(run(asking, [{ type: 'hook', at: 200, status: 'working' }], withHooks).status).toBe('needs-input');
  });
});

describe('exit', () => {
  it('ends in exited with the code, and nothing changes it afterwards', () => {
    const exited = run(initialState(0, true), [{ type: 'exit', at: 100, code: 3 }]);
    expect(exited).toMatchObject({ status: 'exited', exitCode: 3, source: 'process' });
    expect(run(exited, [{ type: 'hook', at: 200, status: 'working' }, { type: 'screen', at: 300, reading: approval }, ...outputs(400, 3000)])).toBe(exited);
    expect(nextDeadline(exited, screenOnly)).toBeNull();
  });

  it('restores sessions that ended earlier as exited', () => {
    expect(exitedState(5, null)).toMatchObject({ status: 'exited', exitCode: null });
  });
});

describe('a prompt typed into a just-started agent', () => {
  // The agent drew its prompt at 100; the engine typed the task and Enter at 500 (its echo follows).
  const typed = (): MachineState =>
    run(initialState(0, true), [
      { type: 'output', at: 100 },
      { type: 'input', at: 500, submit: true },
      { type: 'output', at: 550 },
    ]);

  it('is not a finished task while nothing has answered the submit: quiet counts from it, as long as a silent start (at least 10 s)', () => {
    const state = typed();
    expect(nextDeadline(state, screenOnly)).toBe(500 + 10_000);
    // Under the old rule the session went idle at 100 + Q, before the agent had even begun.
    expect(run(state, [{ type: 'tick', at: 100 + Q }]).status).toBe('working');
    expect(run(state, [{ type: 'tick', at: 500 + 10_000 - 1 }]).status).toBe('working');
    const gaveUp = run(state, [{ type: 'tick', at: 500 + 10_000 }]);
    expect(gaveUp).toMatchObject({ status: 'idle', finishedTasks: 1 });
  });

  it('goes back to the quiescence time once the agent answers', () => {
    const answered = run(typed(), [{ type: 'output', at: 2_000 }]);
    expect(answered.pendingSubmitAt).toBeNull();
    expect(nextDeadline(answered, screenOnly)).toBe(2_000 + Q);
    expect(run(answered, [{ type: 'tick', at: 2_000 + Q }])).toMatchObject({ status: 'idle', finishedTasks: 1 });
  });
});
