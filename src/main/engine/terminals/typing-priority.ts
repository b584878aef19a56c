/**
 * A keystroke's echo before other sessions' floods.
 *
 * Two cores shared by eight streaming agents, their pipes, bash, the engine and the client: a
 * typed letter's echo waits for the scheduler to get round to the shell, then to the engine, and
 * measured 24–35 ms at p99 while the engine's own event loop answered within 5–8 ms. So when a
 * person types into a session, the engine stops reading the PTYs of the *other* sessions that are
 * streaming, until that session's next output arrives (its echo) or TYPING_HOLD_MS pass. A
 * program whose output is not read blocks in its next write within a few KB (the kernel's PTY
 * buffer), so the floods' producers sleep and the shell gets a core; their output resumes where
 * it stopped, nothing is lost, and the hold is over in the milliseconds an echo takes.
 *
 * Only a person's typing counts (not a prompt the engine types), only sessions that printed in
 * the last STREAMING_WITHIN_MS are held, and flow control is unaffected (a held session resumes
 * only if its readers also allow it).
 */

/** Longest a keystroke holds the other sessions when no echo comes (a password prompt). */
export const TYPING_HOLD_MS = 20;

/** A session that printed this recently is streaming, and is held while someone types elsewhere. */
export const STREAMING_WITHIN_MS = 50;

/** What the priority needs of a live session (TerminalSession). */
export interface HoldableSession {
  readonly running: boolean;
  readonly lastOutputAt: number;
  setHeld(held: boolean): void;
  onNextOutput(callback: () => void): void;
}

export class TypingPriority {
  private readonly held = new Set<HoldableSession>();
  private timer: NodeJS.Timeout | null = null;

  /** @param sessions every live session, asked at each keystroke */
  constructor(private readonly sessions: () => Iterable<HoldableSession>) {}

  /** A person typed into `typedInto`: hold the other streaming sessions until its echo. */
  typed(typedInto: HoldableSession): void {
    const now = performance.now();
    for (const session of this.sessions()) {
      if (session === typedInto || !session.running || now - session.lastOutputAt > STREAMING_WITHIN_MS) continue;
      session.setHeld(true);
      this.held.add(session);
    }
    if (this.held.size === 0) return;
    typedInto.onNextOutput(() => this.release());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.release(), TYPING_HOLD_MS);
  }

  /** Resume every held session (flow control permitting). */
  release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const session of this.held) session.setHeld(false);
    this.held.clear();
  }
}
