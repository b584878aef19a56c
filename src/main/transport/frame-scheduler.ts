/**
 * Fair sending of terminal frames on one data connection.
 *
 * Output frames count against a connection-wide window of unacknowledged bytes
 * (CONNECTION_WINDOW_BYTES). While the window is full, frames wait in per-session queues; when
 * acknowledgements free room, the session with the fewest waiting bytes sends first. A session's
 * frames always leave in order (snapshot, data, exit), and a frame larger than the window still
 * goes out when nothing else is in flight, so progress never stops.
 *
 * Waiting frames still count as unacknowledged for their session's own flow controller, so a
 * session that keeps being passed over pauses its PTY instead of filling memory.
 */
import { ACK_CHUNK_BYTES, CONNECTION_WINDOW_BYTES } from '../../shared/protocol/flow-control.ts';

interface Waiting {
  frame: Uint8Array;
  /** Bytes that count against the window (the payload of DATA frames; 0 for the others). */
  counted: number;
}

interface SessionState {
  waiting: Waiting[];
  waitingBytes: number;
  inFlight: number;
  /** Order of first wait, to break ties between equally short queues. */
  since: number;
}

export class FrameScheduler {
  private readonly sessions = new Map<string, SessionState>();
  private inFlight = 0;
  private sequence = 0;

  constructor(
    private readonly write: (frame: Uint8Array) => void,
    private readonly baseWindow = CONNECTION_WINDOW_BYTES,
  ) {}

  /** Bytes in flight on the connection (for tests and diagnostics). */
  get inFlightBytes(): number {
    return this.inFlight;
  }

  /** Start tracking a session (on attach); a re-attach starts from zero. */
  open(sessionId: string): void {
    this.close(sessionId);
    this.sessions.set(sessionId, { waiting: [], waitingBytes: 0, inFlight: 0, since: 0 });
  }

  /** Forget a session: its waiting frames are dropped, its bytes in flight no longer count. */
  close(sessionId: string): void {
    const state = this.sessions.get(sessionId);
    if (!state) return;
    this.inFlight = Math.max(0, this.inFlight - state.inFlight);
    this.sessions.delete(sessionId);
    this.pump();
  }

  /** Queue or send one frame of `sessionId`; `counted` = bytes the client will acknowledge. */
  send(sessionId: string, frame: Uint8Array, counted = 0): void {
    const state = this.sessions.get(sessionId);
    if (!state) {
      // Not attached (an ERROR frame for a failed attach): nothing to order it against.
      this.write(frame);
      return;
    }
    if (state.waiting.length === 0 && this.fits(counted)) {
      this.emit(state, frame, counted);
      return;
    }
    if (state.waiting.length === 0) state.since = ++this.sequence;
    state.waiting.push({ frame, counted });
    state.waitingBytes += counted;
  }

  /** The client processed `bytes` of `sessionId`'s output. */
  ack(sessionId: string, bytes: number): void {
    const state = this.sessions.get(sessionId);
    if (!state) return;
    const freed = Math.min(bytes, state.inFlight);
    state.inFlight -= freed;
    this.inFlight = Math.max(0, this.inFlight - freed);
    this.pump();
  }

  private window(): number {
    return this.baseWindow + ACK_CHUNK_BYTES * this.sessions.size;
  }

  private fits(counted: number): boolean {
    return counted === 0 || this.inFlight === 0 || this.inFlight + counted <= this.window();
  }

  private emit(state: SessionState, frame: Uint8Array, counted: number): void {
    state.inFlight += counted;
    this.inFlight += counted;
    this.write(frame);
  }

  /** Send waiting frames while they fit, shortest queue first. */
  private pump(): void {
    for (;;) {
      let next: SessionState | null = null;
      for (const state of this.sessions.values()) {
        if (state.waiting.length === 0) continue;
        if (!next || state.waitingBytes < next.waitingBytes || (state.waitingBytes === next.waitingBytes && state.since < next.since)) {
          next = state;
        }
      }
      if (!next) return;
      const head = next.waiting[0]!;
      if (!this.fits(head.counted)) return;
      next.waiting.shift();
      next.waitingBytes -= head.counted;
      this.emit(next, head.frame, head.counted);
      if (next.waiting.length > 0) next.since = ++this.sequence;
    }
  }
}
