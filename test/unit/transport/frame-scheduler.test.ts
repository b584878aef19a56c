import { describe, expect, it } from 'vitest';
import { FrameScheduler, INTERACTIVE_FRAME_BYTES, SOCKET_BUFFER_HIGH_BYTES } from '../../../src/main/transport/frame-scheduler.ts';
import { ACK_CHUNK_BYTES } from '../../../src/shared/protocol/flow-control.ts';

/** Frames are labelled by their first byte so the test can read the order they left in. */
const frame = (label: number, size = 1) => {
  const bytes = new Uint8Array(size);
  bytes[0] = label;
  return bytes;
};

function setup(base = 100) {
  const sent: number[] = [];
  const scheduler = new FrameScheduler((f) => sent.push(f[0]!), base);
  return { sent, scheduler, window: (sessions: number) => base + ACK_CHUNK_BYTES * sessions };
}

describe('FrameScheduler', () => {
  it('sends at once while the connection window has room', () => {
    const { sent, scheduler } = setup(100_000);
    scheduler.open('a');
    scheduler.send('a', frame(1), 10);
    scheduler.send('a', frame(2), 0);
    expect(sent).toEqual([1, 2]);
    expect(scheduler.inFlightBytes).toBe(10);
  });

  it('holds frames past the window and lets the shortest queue go first when acks free room', () => {
    const { sent, scheduler, window } = setup(0);
    scheduler.open('flood');
    scheduler.open('short');
    const full = window(2);
    scheduler.send('flood', frame(1), full); // fills the window
    scheduler.send('flood', frame(2), 10_000);
    scheduler.send('flood', frame(3), 10_000);
    scheduler.send('short', frame(9), 5_000); // larger than an echo: it waits like the rest
    expect(sent).toEqual([1]);
    scheduler.ack('flood', 6_000);
    // Room for one 5,000-byte frame: the short queue (5,000 waiting) beats the flood (20,000).
    expect(sent).toEqual([1, 9]);
    scheduler.ack('flood', full);
    expect(sent).toEqual([1, 9, 2, 3]);
  });

  it("sends a keystroke's echo at once although the window is full, one frame in flight per session", () => {
    const { sent, scheduler, window } = setup(0);
    scheduler.open('flood');
    scheduler.open('shell');
    scheduler.send('flood', frame(1), window(2)); // fills the window
    scheduler.send('flood', frame(2), 10_000);
    scheduler.send('shell', frame(7), 1); // the echo of a keystroke
    expect(sent).toEqual([1, 7]);
    // The next echo waits until the client acknowledges the first: the window is still full.
    scheduler.send('shell', frame(8), 1);
    expect(sent).toEqual([1, 7]);
    scheduler.ack('shell', 1);
    expect(sent).toEqual([1, 7, 8]);
    // The flood is still held back by the window.
    scheduler.ack('flood', 5_000);
    expect(sent).toEqual([1, 7, 8]);
    scheduler.ack('flood', 10_000);
    expect(sent).toEqual([1, 7, 8, 2]);
  });

  it('lets nothing past the window above INTERACTIVE_FRAME_BYTES, nor past a full socket buffer', () => {
    let buffered = 0;
    const sent: number[] = [];
    const scheduler = new FrameScheduler((f) => sent.push(f[0]!), 0, { buffered: () => buffered });
    for (const id of ['flood', 'shell', 'other']) scheduler.open(id);
    scheduler.send('flood', frame(1), ACK_CHUNK_BYTES * 3); // fills the window
    scheduler.send('shell', frame(2), INTERACTIVE_FRAME_BYTES + 1);
    expect(sent).toEqual([1]);
    buffered = SOCKET_BUFFER_HIGH_BYTES + 1;
    scheduler.send('other', frame(3), 1);
    expect(sent).toEqual([1]);
    buffered = 0;
    scheduler.ack('flood', 1); // any acknowledgement pumps: the echo goes, the larger frame still waits
    expect(sent).toEqual([1, 3]);
    scheduler.dispose();
  });

  it('keeps each session in order, exit after its data', () => {
    const { sent, scheduler, window } = setup(0);
    scheduler.open('a');
    scheduler.send('a', frame(1), window(1));
    scheduler.send('a', frame(2), 10);
    scheduler.send('a', frame(3), 0); // EXIT: counts nothing but must wait behind frame 2
    expect(sent).toEqual([1]);
    scheduler.ack('a', window(1));
    expect(sent).toEqual([1, 2, 3]);
  });

  it('never stalls on a frame larger than the window', () => {
    const { sent, scheduler, window } = setup(0);
    scheduler.open('a');
    scheduler.send('a', frame(1), window(1) * 3);
    scheduler.send('a', frame(2), window(1) * 3);
    expect(sent).toEqual([1]);
    scheduler.ack('a', window(1) * 3);
    expect(sent).toEqual([1, 2]);
  });

  it('closing a session drops its waiting frames and returns its bytes in flight', () => {
    const { sent, scheduler, window } = setup(0);
    scheduler.open('a');
    scheduler.open('b');
    scheduler.send('a', frame(1), window(2));
    scheduler.send('a', frame(2), 10);
    scheduler.send('b', frame(5), 10);
    scheduler.close('a');
    expect(sent).toEqual([1, 5]);
    expect(scheduler.inFlightBytes).toBe(10);
  });

  it('ignores acks for unknown sessions and never goes below zero', () => {
    const { scheduler } = setup(100);
    scheduler.open('a');
    scheduler.send('a', frame(1), 50);
    scheduler.ack('zzz', 50);
    expect(scheduler.inFlightBytes).toBe(50);
    scheduler.ack('a', 500);
    expect(scheduler.inFlightBytes).toBe(0);
  });
});
