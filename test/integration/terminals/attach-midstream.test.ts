import { describe, expect, it } from 'vitest';
import { MIRROR_SCROLLBACK_LINES } from '../../../src/main/engine/terminals/headless-mirror.ts';
import { attachRecorder, createOk, replay, scriptInput, waitFor } from './session-helpers.ts';
import { openService } from './service-fixture.ts';

/** The numeric lines of a replayed buffer. */
function numbers(lines: readonly string[]): number[] {
  return lines.filter((line) => /^\d+$/.test(line)).map(Number);
}

function expectContiguous(values: readonly number[], last: number): void {
  expect(values.length).toBeGreaterThan(0);
  expect(values.at(-1)).toBe(last);
  const first = values[0]!;
  expect(values).toEqual(Array.from({ length: values.length }, (_, i) => first + i));
}

describe('attaching to a session mid-stream', () => {
  it('gives a snapshot and then the stream, with no gap and no duplicate', async () => {
    const { service, cwd } = await openService();
    // The script waits for a line before it prints anything, so the early client is surely
    // attached before line 1 (on a loaded machine thousands of lines could otherwise scroll past
    // the mirror's scrollback first). Then half the numbers, another wait, the other half: the
    // late client attaches in between, so its stream surely continues after its snapshot.
    const info = await createOk(
      service,
      scriptInput(cwd, 'read start; for i in $(seq 1 25000); do echo $i; done; read go; for i in $(seq 25001 50000); do echo $i; done'),
    );
    const early = attachRecorder(service, info.id);
    await waitFor(() => early.events[0]?.type === 'snapshot', 'the early snapshot');
    service.input(info.id, '\r');
    await waitFor(() => early.text().includes('\r\n10000\r\n'), 'line 10000');

    const late = attachRecorder(service, info.id);
    await waitFor(() => late.events[0]?.type === 'snapshot', 'the late snapshot');
    service.input(info.id, '\r');
    await early.waitForExit();
    await late.waitForExit();
    expect(late.events[0]?.type).toBe('snapshot');
    expect(late.events.filter((event) => event.type === 'snapshot')).toHaveLength(1);

    // What the late client shows: its snapshot (the scrollback it was given) followed by the
    // stream. Every number once, in order, up to the last.
    const lateLines = numbers(await replay(late.snapshot ?? '', late.text()));
    expectContiguous(lateLines, 50_000);
    // The snapshot really carried history: the mirror's scrollback full, and never more than it
    // plus the screen…
    const fromSnapshot = numbers(await replay(late.snapshot ?? '', ''));
    expect(fromSnapshot.length).toBeGreaterThanOrEqual(MIRROR_SCROLLBACK_LINES);
    expect(fromSnapshot.length).toBeLessThanOrEqual(MIRROR_SCROLLBACK_LINES + 24);
    // …and the stream really continued after it.
    expect(late.text().length).toBeGreaterThan(0);
    expect(fromSnapshot.at(-1)!).toBeLessThan(50_000);

    const earlyLines = numbers(await replay(early.snapshot ?? '', early.text()));
    expectContiguous(earlyLines, 50_000);
    expect(earlyLines[0]).toBe(1);
  });

  it('several consumers attaching and detaching while output flows all see a contiguous stream', async () => {
    const { service, cwd } = await openService();
    // As above, the script waits for a line first: the first watcher is surely attached before
    // line 1. Without it, a create that returns late on a loaded machine let line 3000 scroll by
    // into the first snapshot, and the wait for it in the stream timed out.
    const info = await createOk(service, scriptInput(cwd, 'read start; for i in $(seq 1 30000); do echo $i; done'));
    const watchers = [attachRecorder(service, info.id)];
    await waitFor(() => watchers[0]!.events[0]?.type === 'snapshot', 'the first snapshot');
    service.input(info.id, '\r');
    for (const mark of [3000, 9000, 15000, 21000]) {
      // Generous bounds: on a loaded two-core machine a PTY shell can stall for seconds.
      await waitFor(() => watchers[0]!.text().includes(`\r\n${mark}\r\n`), `line ${mark}`, 25_000);
      watchers.push(attachRecorder(service, info.id));
      if (watchers.length === 3) watchers[1]!.attachment!.detach();
    }
    await watchers[0]!.waitForExit(25_000);
    for (const [index, watcher] of watchers.entries()) {
      if (index === 1) continue; // detached early; it must simply not have received an exit
      await watcher.waitForExit(25_000);
      expectContiguous(numbers(await replay(watcher.snapshot ?? '', watcher.text())), 30_000);
    }
    expect(watchers[1]!.exitCode).toBeNull();
  }, 120_000);
});
