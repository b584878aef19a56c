import { describe, expect, it } from 'vitest';
import { BATCH_MAX_BYTES, HIGH_WATERMARK_BYTES } from '../../../src/shared/protocol/flow-control.ts';
import { attachRecorder, createOk, scriptInput, sleep, waitFor } from './session-helpers.ts';
import { openService } from './service-fixture.ts';

/** Wait until `read()` has not changed for `quietMs`; returns the settled value. */
async function settle(read: () => number, quietMs = 400, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = read();
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(25);
    const now = read();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
  }
  throw new Error('output never settled');
}

describe('flow control with a real PTY', () => {
  it('pauses a flooding process when a consumer stops acknowledging, resumes when it acks', async () => {
    const { service, cwd } = await openService();
    // An endless flood: only flow control can stop it.
    const info = await createOk(service, scriptInput(cwd, 'yes 0123456789abcdefghijklmnopqrstuvwxyz'));
    const consumer = attachRecorder(service, info.id, false);

    // Output starts once the snapshot is taken (the mirror thread may still be starting).
    await waitFor(() => consumer.received > 0, 'the first output');
    const stalled = await settle(() => consumer.received);
    // It stopped near the high watermark: at most one batch and one PTY read past it.
    expect(stalled).toBeGreaterThan(HIGH_WATERMARK_BYTES);
    expect(stalled).toBeLessThan(HIGH_WATERMARK_BYTES + BATCH_MAX_BYTES + 64 * 1024);

    // Acknowledge everything: the PTY resumes and output flows again (until the next stall).
    consumer.attachment!.ack(stalled);
    const resumed = await waitFor(() => (consumer.received > stalled ? consumer.received : 0), 'output after the ack');
    expect(resumed).toBeGreaterThan(stalled);
    const stalledAgain = await settle(() => consumer.received);
    expect(stalledAgain - stalled).toBeLessThan(HIGH_WATERMARK_BYTES + BATCH_MAX_BYTES + 64 * 1024);

    // A paused session can still be killed, and reports its exit after its output.
    expect(await service.kill(info.id)).toEqual({ ok: true, value: null });
    expect(consumer.events.at(-1)).toEqual({ type: 'exit', code: 129 });
  });

  it('detaching a slow consumer releases the PTY for the others', async () => {
    const { service, cwd } = await openService();
    const info = await createOk(service, scriptInput(cwd, 'yes 0123456789abcdefghijklmnopqrstuvwxyz'));
    const slow = attachRecorder(service, info.id, false);
    const fast = attachRecorder(service, info.id, true);
    await waitFor(() => fast.received > 0, 'the first output');
    const stalled = await settle(() => fast.received);
    slow.attachment!.detach();
    await waitFor(() => fast.received > stalled + 1_000_000, 'a megabyte more for the fast consumer');
    await service.kill(info.id);
  });

  it('delivers all output of a process that exits while its PTY is paused', async () => {
    const { service, cwd } = await openService();
    // Just past the high watermark, then a pause so the PTY is paused for sure; what follows
    // fits in the kernel's PTY buffer (~19 KB here), so the writer finishes and exits while
    // nobody reads. Its last output must still arrive, and the exit be reported, without a
    // single acknowledgement.
    // It waits for a line first: attached before the first byte, the consumer gets everything
    // as stream (a snapshot holds only the mirror's last 1,000 lines, and 101,000 x's wrap to more).
    const script = [
      'read start',
      'head -c 101000 /dev/zero | tr "\\0" x',
      'sleep 0.3',
      'head -c 11000 /dev/zero | tr "\\0" x',
      'printf "\\nEND-OF-OUTPUT\\n"',
      'exit 4',
    ].join('; ');
    const info = await createOk(service, scriptInput(cwd, script));
    const consumer = attachRecorder(service, info.id, false);
    await waitFor(() => consumer.events[0]?.type === 'snapshot', 'the snapshot');
    service.input(info.id, '\r');
    expect(await consumer.waitForExit()).toBe(4);
    const all = `${consumer.snapshot ?? ''}${consumer.text()}`;
    expect(all.split('x').length - 1).toBe(112_000);
    expect(all).toContain('END-OF-OUTPUT');
  });
});
