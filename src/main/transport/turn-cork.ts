/**
 * One socket write per event-loop turn for the data connection, however many frames it carries.
 *
 * Every pane shares one WebSocket. With eight flooding panes the engine sends several frames of
 * different sessions in the same turn of the event loop (PTY reads of several sessions in one
 * poll phase, batch timers of several sessions in one timers phase), each its own write system
 * call: measured at 8 sessions, 7,051 writes in 1,067 turns, `writev` a quarter of the engine
 * thread's CPU. Corking the socket at the first frame of a turn and uncorking it in the turn's
 * check phase (`setImmediate`) hands the kernel all of them in one `writev`, in order, byte for
 * byte what separate writes would have sent: the wire protocol does not change. A frame waits at
 * most until the end of the turn it was sent in (no timer), so a keystroke's echo is not delayed.
 */

/** What corking needs from the connection's byte stream (the upgraded net.Socket). */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

export class TurnCork {
  private corked = false;

  /** `stream` null: nothing to cork (writes go out one by one, as before). */
  constructor(private readonly stream: Corkable | null) {}

  /** Call before each write of this turn; the first one corks, the turn's end uncorks. */
  hold(): void {
    const stream = this.stream;
    if (this.corked || !stream) return;
    this.corked = true;
    stream.cork();
    setImmediate(() => {
      this.corked = false;
      // A socket destroyed meanwhile ignores this; an open one writes everything held, in order.
      stream.uncork();
    });
  }
}
