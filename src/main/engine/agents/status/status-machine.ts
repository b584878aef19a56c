/**
 * The status of one agent session as a pure state machine: events in, next state out.
 *
 * Inputs are what the engine can observe: output arriving, the user typing (and submitting),
 * what the screen shows (`screen-classifier.ts`), the agent's own hooks, time passing, the
 * process exiting. Time is passed in with every event, so tests drive it without timers.
 *
 * The rules, in short:
 * - the process exited → `exited`, final;
 * - an approval or question on screen → `needs-input` (whatever the hooks said);
 * - a hook event → its status (and from then on the hooks are trusted where the profile says so),
 *   except a question the user answered (typed) after the hook fired, which is history;
 * - a busy indicator on screen → `working`;
 * - output that is not the echo of typing → `working`, if the user submitted something (Enter)
 *   that has not led to work yet, or the output keeps coming for {@link MachineConfig.sustainMs}
 *   (a resize redraw or a clock in a status bar is a short burst, not work);
 * - output quiet for the quiescence time while `working` → `idle` (longer with a busy indicator
 *   on screen, and with hooks that announce the end of a turn themselves); a submit that nothing
 *   has answered yet is quiet only from the submit, and for as long as a silent start;
 * - an approval that left the screen → `working` if the screen shows work, else `idle`.
 */
import type { AgentStatus, StatusSource } from '../../../../shared/protocol/agents.ts';
import type { HookAuthority } from '../profiles/agent-profile.ts';
import type { ScreenReading, ScreenVerdict } from './screen-classifier.ts';

export interface MachineConfig {
  /** Quiet output for this long (ms) ends `working`. */
  readonly quiescenceMs: number;
  /** Output this soon (ms) after a keystroke is the agent echoing it, not work. */
  readonly echoWindowMs: number;
  /** Output continuing this long (ms) is work even without a submit or a busy indicator. */
  readonly sustainMs: number;
  readonly hookAuthority: HookAuthority;
  /**
   * This session was started with our hooks installed, so hook events are expected. Until the
   * first one arrives, the launch period waits as long as a hooked session would: an agent that
   * runs its start-of-turn hook before drawing anything (Claude Code's `UserPromptSubmit`) is
   * silent meanwhile, and a slow machine must not turn that silence into a finished task.
   */
  readonly hooksInstalled?: boolean;
}

/** Defaults besides the quiescence time (which comes from the settings). */
export const MACHINE_DEFAULTS = { echoWindowMs: 300, sustainMs: 1_500 } as const;

/** With a busy indicator on screen, idle needs this many times the quiescence time. */
const BUSY_QUIET_FACTOR = 2;
/** With hooks that announce the end of a turn, quiet output alone needs this factor (hooks lost, or an interrupt). */
const HOOK_QUIET_FACTOR = 4;
/**
 * A launched agent that has printed nothing yet is still starting (a cold `node` or Python start
 * on a busy machine takes seconds): its silence ends `working` only after this factor of the
 * quiescence time, and never sooner than {@link STARTUP_MIN_QUIET_MS}.
 */
const STARTUP_QUIET_FACTOR = 4;
/** A cold start of a large agent CLI on a loaded two-core machine was measured at several seconds. */
const STARTUP_MIN_QUIET_MS = 10_000;
/**
 * A question the screen showed and the user answered before any hook announced it: a
 * question hook arriving this soon after (ms) is that question's, run late, not a new one.
 */
const LATE_QUESTION_HOOK_MS = 10_000;
/** Output this long (ms) after a submit still counts as its answer (a slow model's first token). */
const SUBMIT_WINDOW_MS = 30_000;

export interface MachineState {
  readonly status: AgentStatus;
  /** Epoch ms the status was entered. */
  readonly since: number;
  readonly source: StatusSource;
  /** The question behind `needs-input`. */
  readonly detail: string | null;
  readonly exitCode: number | null;
  /** Last output that was not an echo of typing. */
  readonly lastOutputAt: number | null;
  readonly lastInputAt: number | null;
  /** A submit (Enter) not yet followed by work: the output it causes is work at once. */
  readonly pendingSubmitAt: number | null;
  /** Start of the current run of output (gaps shorter than the quiescence time do not break it). */
  readonly burstStart: number | null;
  readonly verdict: ScreenVerdict;
  /** A hook event arrived for this session: its hooks work. */
  readonly hooksSeen: boolean;
  /** Completed working periods (working → idle): "done" rather than just "idle". */
  readonly finishedTasks: number;
  /** When the current working period started (null when not working). */
  readonly workStartedAt: number | null;
  /** A hook announced the current question (`needs-input`). */
  readonly questionAnnounced: boolean;
  /** When a question no hook had announced was left (answered): its hook may still come, late. */
  readonly unannouncedAnswerAt: number | null;
}

export type HookStatus = 'working' | 'needs-input' | 'idle';

export type MachineEvent =
  | { readonly type: 'output'; readonly at: number }
  | { readonly type: 'input'; readonly at: number; readonly submit: boolean }
  | { readonly type: 'screen'; readonly at: number; readonly reading: ScreenReading }
  | {
      readonly type: 'hook';
      readonly at: number;
      readonly status: HookStatus | null;
      readonly detail?: string | null;
      /** When the agent ran the hook (its helper's clock); events are read from a file a little later. */
      readonly firedAt?: number;
    }
  | { readonly type: 'tick'; readonly at: number }
  | { readonly type: 'exit'; readonly at: number; readonly code: number | null };

/** A session that was just launched: working on its prompt, or idle without one. */
export function initialState(at: number, working: boolean): MachineState {
  return {
    status: working ? 'working' : 'idle',
    since: at,
    source: 'launch',
    detail: null,
    exitCode: null,
    lastOutputAt: null,
    lastInputAt: null,
    pendingSubmitAt: null,
    burstStart: null,
    verdict: 'unknown',
    hooksSeen: false,
    finishedTasks: 0,
    workStartedAt: working ? at : null,
    questionAnnounced: false,
    unannouncedAnswerAt: null,
  };
}

/** A session whose process is already gone (restored from an earlier engine run). */
export function exitedState(at: number, exitCode: number | null): MachineState {
  return { ...initialState(at, false), status: 'exited', exitCode, source: 'process' };
}

/** Apply one event. Returns the same object when nothing changed. */
export function step(state: MachineState, event: MachineEvent, config: MachineConfig): MachineState {
  if (state.status === 'exited') return state;
  switch (event.type) {
    case 'exit':
      return moveTo({ ...state, exitCode: event.code }, 'exited', event.at, 'process', null);
    case 'input':
      return {
        ...state,
        lastInputAt: event.at,
        pendingSubmitAt: event.submit ? event.at : state.pendingSubmitAt,
      };
    case 'output':
      return onOutput(state, event.at, config);
    case 'screen':
      return onScreen(state, event.reading, event.at);
    case 'hook':
      return onHook(state, event.status, event.detail ?? null, event.at, event.firedAt ?? null);
    case 'tick':
      return onTick(state, event.at, config);
  }
}

/** When (epoch ms) a `tick` could change the state, or null when only an event can. */
export function nextDeadline(state: MachineState, config: MachineConfig): number | null {
  if (state.status !== 'working') return null;
  return quietSince(state) + quietNeeded(state, config);
}

/**
 * Since when the session has been quiet: its last output, or a later submit that nothing has
 * answered yet (the prompt typed into a just-started agent: its echo is not an answer, and a
 * slow model or a loaded machine can take a while to print the first token).
 */
function quietSince(state: MachineState): number {
  // Never from before the session went (back) to work: after a long question the last output
  // counted is the one before it (the answer's first output falls in the echo window), and
  // quiet counted from there would call the task finished a moment after the answer.
  const since = Math.max(state.lastOutputAt ?? state.since, state.since);
  return state.pendingSubmitAt !== null ? Math.max(since, state.pendingSubmitAt) : since;
}

function onOutput(state: MachineState, at: number, config: MachineConfig): MachineState {
  const echo = state.lastInputAt !== null && at - state.lastInputAt <= config.echoWindowMs;
  if (echo) return state;
  const newBurst = state.lastOutputAt === null || at - state.lastOutputAt > config.quiescenceMs;
  const next: MachineState = {
    ...state,
    lastOutputAt: at,
    burstStart: newBurst ? at : state.burstStart,
    // Working already (a launch prompt typed into a working session): this output answers the submit.
    pendingSubmitAt: state.status === 'working' ? null : state.pendingSubmitAt,
  };
  if (state.status !== 'idle') return next;
  if (config.hookAuthority.working && state.hooksSeen) return next;
  const submitted = state.pendingSubmitAt !== null && at - state.pendingSubmitAt <= SUBMIT_WINDOW_MS;
  const sustained = next.burstStart !== null && at - next.burstStart >= config.sustainMs;
  return submitted || sustained ? moveTo(next, 'working', at, 'output', null) : next;
}

function onScreen(state: MachineState, reading: ScreenReading, at: number): MachineState {
  const next: MachineState = state.verdict === reading.verdict ? state : { ...state, verdict: reading.verdict };
  switch (reading.verdict) {
    case 'approval':
      if (state.status === 'needs-input' && state.detail === reading.detail) return next;
      return moveTo(next, 'needs-input', at, 'screen', reading.detail);
    case 'busy':
      return state.status === 'working' ? next : moveTo(next, 'working', at, 'screen', null);
    case 'prompt':
    case 'unknown':
      // The question left the screen: answered. Work shows as output (or a busy indicator) next.
      return state.status === 'needs-input' ? moveTo(next, 'idle', at, 'screen', null) : next;
  }
}

function onHook(state: MachineState, status: HookStatus | null, detail: string | null, at: number, firedAt: number | null): MachineState {
  const seen: MachineState = state.hooksSeen ? state : { ...state, hooksSeen: true };
  if (status === null || (status === state.status && status !== 'needs-input')) return seen;
  // A question the user answered before its hook was read (hooks arrive through a polled file):
  // asking again now would keep "needs input" on a session that is already past it.
  if (status === 'needs-input' && firedAt !== null && state.lastInputAt !== null && firedAt <= state.lastInputAt) {
    return state.status === 'needs-input' ? seen : { ...seen, unannouncedAnswerAt: null };
  }
  // The same, when the hook's helper started so late (a loaded machine) that it fired after the
  // answer: the first question hook after answering an unannounced question is that question's.
  if (status === 'needs-input' && state.status !== 'needs-input' && state.unannouncedAnswerAt !== null && at - state.unannouncedAnswerAt <= LATE_QUESTION_HOOK_MS) {
    return { ...seen, unannouncedAnswerAt: null };
  }
  // An approval on screen outranks a hook that says otherwise (hooks can arrive late).
  if (status !== 'needs-input' && state.status === 'needs-input' && state.verdict === 'approval' && state.source === 'screen') {
    return seen;
  }
  if (status === 'needs-input' && state.status === 'needs-input') return seen.questionAnnounced ? seen : { ...seen, questionAnnounced: true };
  return moveTo(seen, status, at, 'hook', status === 'needs-input' ? detail : null);
}

function onTick(state: MachineState, at: number, config: MachineConfig): MachineState {
  if (state.status !== 'working') return state;
  return at - quietSince(state) >= quietNeeded(state, config) ? moveTo(state, 'idle', at, 'output', null) : state;
}

function quietNeeded(state: MachineState, config: MachineConfig): number {
  let factor = 1;
  if (state.verdict === 'busy') factor = Math.max(factor, BUSY_QUIET_FACTOR);
  const hooksExpected = state.hooksSeen || (config.hooksInstalled === true && state.source === 'launch');
  if (config.hookAuthority.idle && hooksExpected) factor = Math.max(factor, HOOK_QUIET_FACTOR);
  const quiet = config.quiescenceMs * factor;
  // Nothing printed since the launch, or nothing since a submit: the agent is starting or thinking.
  const starting = (state.source === 'launch' && state.lastOutputAt === null) || state.pendingSubmitAt !== null;
  return starting ? Math.max(quiet, config.quiescenceMs * STARTUP_QUIET_FACTOR, STARTUP_MIN_QUIET_MS) : quiet;
}

/** A launched agent that never printed anything did no task: its silence is idle, not "finished". */
function silentSinceLaunch(state: MachineState): boolean {
  return state.source === 'launch' && state.lastOutputAt === null;
}

function moveTo(state: MachineState, status: AgentStatus, at: number, source: StatusSource, detail: string | null): MachineState {
  const finished = state.status === 'working' && status === 'idle' && !silentSinceLaunch(state);
  return {
    ...state,
    status,
    since: at,
    source,
    detail,
    finishedTasks: state.finishedTasks + (finished ? 1 : 0),
    workStartedAt: status === 'working' ? (state.status === 'working' ? state.workStartedAt : at) : null,
    pendingSubmitAt: status === 'working' ? null : state.pendingSubmitAt,
    ...questionBookkeeping(state, status, at, source),
  };
}

/** Which question a hook may still announce (see {@link LATE_QUESTION_HOOK_MS}). */
function questionBookkeeping(
  state: MachineState,
  status: AgentStatus,
  at: number,
  source: StatusSource,
): Pick<MachineState, 'questionAnnounced' | 'unannouncedAnswerAt'> {
  if (status === 'needs-input') {
    const announced = source === 'hook' || (state.status === 'needs-input' && state.questionAnnounced);
    return { questionAnnounced: announced, unannouncedAnswerAt: state.unannouncedAnswerAt };
  }
  if (state.status === 'needs-input') return { questionAnnounced: false, unannouncedAnswerAt: state.questionAnnounced ? null : at };
  return { questionAnnounced: state.questionAnnounced, unannouncedAnswerAt: state.unannouncedAnswerAt };
}
