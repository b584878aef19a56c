import { describe, expect, it } from 'vitest';
import { FrameScheduler } from '../../../src/main/transport/frame-scheduler.ts';
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
    scheduler.open('echo');
    const full = window(2);
    scheduler.send('flood', frame(1), full); // fills the window
    scheduler.send('flood', frame(2), 1000);
    scheduler.send('flood', frame(3), 1000);
    scheduler.send('echo', frame(9), 1); // the keystroke echo
    expect(sent).toEqual([1]);
    scheduler.ack('flood', 1000);
    // Room for one small frame: the echo (1 byte waiting) beats the flood (2000 waiting).
    expect(sent).toEqual([1, 9]);
    scheduler.ack('flood', full);
    expect(sent).toEqual([1, 9, 2, 3]);
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
