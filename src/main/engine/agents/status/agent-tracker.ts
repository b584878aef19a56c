/**
 * Feeds one agent session's observable facts into its status machine and owns its timers.
 *
 * Output comes from an in-process consumer attached to the terminal session (it acknowledges
 * every frame at once, so it never holds the PTY back), typing from the terminal service's input
 * events, hooks from the service. The screen is classified shortly after output (at most every
 * {@link TrackerOptions.classifyDelayMs} while output flows, and once after it stops), and a
 * timer fires at the machine's next deadline (quiescence) while the agent works.
 */
import type { Result } from '../../../../shared/result.ts';
import type { ScreenText, TerminalAttachment, TerminalConsumer } from '../../terminals/index.ts';
import type { ScreenPatterns } from '../profiles/agent-profile.ts';
import { typedPromptBytes } from '../profiles/launch-args.ts';
import { classifyScreen } from './screen-classifier.ts';
import { nextDeadline, step, type MachineConfig, type MachineEvent, type MachineState } from './status-machine.ts';

/** The slice of the terminal service a tracker uses. */
export interface TrackerTerminals {
  attach(sessionId: string, consumer: TerminalConsumer): Result<TerminalAttachment>;
  screen(sessionId: string): Result<ScreenText>;
  /** The screen once all output so far is parsed (the mirror parses in its own thread). */
  screenSettled?(sessionId: string): Promise<Result<ScreenText>>;
  /** `origin` 'engine': typed by the app, not by a person. */
  input(sessionId: string, data: string, origin?: 'user' | 'engine'): Result<null>;
}

export interface TrackerOptions {
  readonly sessionId: string;
  readonly screen: ScreenPatterns;
  readonly initial: MachineState;
  readonly terminals: TrackerTerminals;
  /** Read at every step, so a settings change applies at once. */
  readonly config: () => MachineConfig;
  /** Status, detail or finished count changed. */
  readonly onChange: (previous: MachineState, next: MachineState) => void;
  /** Typed into the terminal once the agent shows its prompt (prompt mode 'type'). */
  readonly typedPrompt?: string | null;
  readonly now?: () => number;
  /** Delay (ms) from output to classifying the screen; default 150. */
  readonly classifyDelayMs?: number;
  /** Type the prompt after this long (ms) even if no prompt was recognised; default 10 s. */
  readonly typeFallbackMs?: number;
  /**
   * The screen's lines each time it was classified (output settled for a moment): the usage
   * module looks for "usage limit reached" messages in them.
   */
  readonly onScreen?: (lines: readonly string[]) => void;
}

const DEFAULT_CLASSIFY_DELAY_MS = 150;
const DEFAULT_TYPE_FALLBACK_MS = 10_000;

export class AgentTracker {
  private current: MachineState;
  private attachment: TerminalAttachment | null = null;
  private classifyTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  /** When the armed tick fires (epoch ms). */
  private tickAt = 0;
  private typeTimer: NodeJS.Timeout | null = null;
  private pendingPrompt: string | null;
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly options: TrackerOptions) {
    this.current = options.initial;
    this.pendingPrompt = options.typedPrompt ?? null;
    this.now = options.now ?? Date.now;
  }

  get state(): MachineState {
    return this.current;
  }

  /** Start observing the session's output (for a live session). */
  start(): void {
    if (this.current.status === 'exited' || this.attachment) return;
    const consumer: TerminalConsumer = {
      sendSnapshot: () => this.scheduleClassify(),
      sendData: (chunk) => {
        this.attachment?.ack(chunk.length);
        this.apply({ type: 'output', at: this.now() });
        this.scheduleClassify();
      },
      sendExit: (code) => this.apply({ type: 'exit', at: this.now(), code: code < 0 ? null : code }),
    };
    const attached = this.options.terminals.attach(this.options.sessionId, consumer);
    if (attached.ok) this.attachment = attached.value;
    if (this.pendingPrompt !== null) {
      this.typeTimer = setTimeout(() => this.typePrompt(), this.options.typeFallbackMs ?? DEFAULT_TYPE_FALLBACK_MS);
      this.typeTimer.unref();
    }
    this.armTick();
  }

  /** Keys typed into the session (an Enter or a newline submits). */
  input(data: Uint8Array | string): void {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
    this.apply({ type: 'input', at: this.now(), submit: /[\r\n]/.test(text) });
  }

  /** A hook event's status (null: only "the hooks work"); `firedAt`: when the agent ran the hook. */
  hook(status: 'working' | 'needs-input' | 'idle' | null, detail: string | null, firedAt?: number): void {
    this.apply({ type: 'hook', at: this.now(), status, detail, ...(firedAt !== undefined ? { firedAt } : {}) });
  }

  /** Re-evaluate with the current time (tests; timers do this on their own). */
  tick(): void {
    this.apply({ type: 'tick', at: this.now() });
  }

  /** Classify the screen now (tests; output schedules this on its own). */
  classifyNow(): void {
    if (this.classifyTimer) clearTimeout(this.classifyTimer);
    this.classifyTimer = null;
    this.classify();
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of [this.classifyTimer, this.tickTimer, this.typeTimer]) if (timer) clearTimeout(timer);
    this.classifyTimer = this.tickTimer = this.typeTimer = null;
    this.attachment?.detach();
    this.attachment = null;
  }

  private apply(event: MachineEvent): void {
    if (this.disposed) return;
    const previous = this.current;
    const next = step(previous, event, this.options.config());
    if (next === previous) return;
    this.current = next;
    if (next.status === 'exited') {
      this.attachment = null; // the session ended: nothing more will come
      this.pendingPrompt = null;
    }
    if (next.status !== previous.status || next.detail !== previous.detail || next.finishedTasks !== previous.finishedTasks) {
      this.options.onChange(previous, next);
    }
    if (next.status === 'working' && previous.status !== 'working') this.armTick();
    else if (next.status === 'working' && next.pendingSubmitAt === null && previous.pendingSubmitAt !== null) this.rearmIfSooner();
  }

  /**
   * The agent answered a submit: the quiet it needs shrank from a silent start's to the
   * quiescence time, so a tick armed for the longer wait would report the end of the turn late.
   */
  private rearmIfSooner(): void {
    const deadline = nextDeadline(this.current, this.options.config());
    if (this.tickTimer === null || deadline === null || deadline >= this.tickAt) return;
    clearTimeout(this.tickTimer);
    this.tickTimer = null;
    this.armTick();
  }

  private scheduleClassify(): void {
    if (this.classifyTimer || this.disposed) return;
    this.classifyTimer = setTimeout(() => {
      this.classifyTimer = null;
      this.classify();
    }, this.options.classifyDelayMs ?? DEFAULT_CLASSIFY_DELAY_MS);
  }

  private classify(): void {
    if (this.disposed || this.current.status === 'exited') return;
    const terminals = this.options.terminals;
    if (terminals.screenSettled) {
      const requestedAt = this.now();
      void terminals.screenSettled(this.options.sessionId).then((screen) => {
        // The screen is as it was when asked for. A hook or keystroke that changed the status
        // while it was being read (a busy mirror thread) is newer: the old screen must not undo
        // it — a "done" from the Stop hook flipped back to "working" by the spinner the agent
        // had already erased. Read the screen again instead.
        if (this.current.since > requestedAt) {
          this.scheduleClassify();
          return;
        }
        this.applyScreen(screen);
      });
      return;
    }
    this.applyScreen(terminals.screen(this.options.sessionId));
  }

  private applyScreen(screen: Result<ScreenText>): void {
    if (this.disposed || this.current.status === 'exited') return;
    if (!screen.ok) return;
    const reading = classifyScreen(screen.value.lines, this.options.screen);
    this.apply({ type: 'screen', at: this.now(), reading });
    this.options.onScreen?.(screen.value.lines);
    if (reading.verdict === 'prompt' && this.pendingPrompt !== null) this.typePrompt();
  }

  private typePrompt(): void {
    if (this.typeTimer) clearTimeout(this.typeTimer);
    this.typeTimer = null;
    const prompt = this.pendingPrompt;
    this.pendingPrompt = null;
    if (prompt === null || this.disposed || this.current.status === 'exited') return;
    this.options.terminals.input(this.options.sessionId, typedPromptBytes(prompt), 'engine');
  }

  /** Fire a tick at the machine's next deadline (lazily re-armed: output never resets the timer). */
  private armTick(notBeforeMs = 0): void {
    if (this.tickTimer || this.disposed) return;
    const config = this.options.config();
    const deadline = nextDeadline(this.current, config);
    if (deadline === null) return;
    const delay = Math.max(10, notBeforeMs, deadline - this.now());
    this.tickAt = this.now() + delay;
    this.tickTimer = setTimeout(
      () => {
        this.tickTimer = null;
        // The launch prompt is not typed yet (its prompt not recognised yet, or a loaded machine
        // slow to show it): quiet now is the agent waiting for the task, not a task finished.
        // The type fallback types it within seconds; look again a quiescence time later.
        const waitingForPrompt = this.pendingPrompt !== null;
        if (!waitingForPrompt) this.tick();
        this.armTick(waitingForPrompt ? config.quiescenceMs : 0);
      },
      delay,
    );
  }
}
