/**
 * Floods and hostile clients (issue 12, suite item 13 and defect 7), against a real engine and
 * server: a session printing FLOOD_BYTES, a client that acknowledges output it never reads, and
 * one that subscribes to events and stops reading. The engine's memory (heap + buffers) stays
 * under MEMORY_BOUND_BYTES above its baseline, the offenders are disconnected, and another
 * session's echo keeps being answered throughout.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wsUrl, type WebSocketLike } from '../../src/shared/protocol/client.ts';
import { TerminalDataClient, type SessionSink } from '../../src/shared/protocol/data-client.ts';
import { encodeFrame, encodeU32, FrameType } from '../../src/shared/protocol/data-frames.ts';
import { DATA_PATH, RPC_PATH } from '../../src/shared/protocol/index.ts';
import { setTransportLogSink } from '../../src/main/transport/transport-log.ts';
import { MAX_PENDING_INPUT_BYTES } from '../../src/main/engine/terminals/pending-input.ts';
import { openSocket, startTestEngine, type TestEngine } from '../helpers/engine-server.ts';
import { openRaw } from '../helpers/raw-ws.ts';
import { bashInput, PROMPT, scriptInput } from '../integration/terminals/session-helpers.ts';
import { retainedMemory } from './retained-memory.ts';
import { recordSummary, size } from './suite.ts';

const FLOOD_BYTES = size(16, 1024) * 1024 * 1024;
/** The stated bound: engine heap + buffers above baseline while being flooded or abused. */
const MEMORY_BOUND_BYTES = 200 * 1024 * 1024;
/** Longest wait for an echo while the floods run (a loaded 2-core machine is slow, not stuck). */
const ECHO_BOUND_MS = 5_000;

let t: TestEngine;
let cwd: string;
beforeEach(async () => {
  setTransportLogSink(() => undefined);
  t = await startTestEngine();
  cwd = mkdtempSync(path.join(os.tmpdir(), 'ao-flood-'));
});
afterEach(async () => {
  setTransportLogSink(null);
  await t.close({ removeHome: true });
});

/**
 * Retained memory of this process (engine, server and the test's own clients): heap and
 * buffers after a collection, so the garbage the event generators churn out does not count.
 */
function engineMemory(): number {
  return retainedMemory();
}

/** Sample memory while `work` runs; returns the peak above the baseline. */
async function peakDuring(work: () => Promise<void>): Promise<number> {
  const baseline = engineMemory();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, engineMemory() - baseline)), 250);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return peak;
}

class CountingSink implements SessionSink {
  received = 0;
  text = '';
  exited = false;
  constructor(private readonly keepText: boolean) {}
  onSnapshot(data: string): void {
    if (this.keepText) this.text = data.slice(-4096);
  }
  onData(data: Uint8Array, processed: () => void): void {
    this.received += data.length;
    if (this.keepText) this.text = (this.text + new TextDecoder().decode(data)).slice(-4096);
    processed();
  }
  errors: string[] = [];
  onExit(): void {
    this.exited = true;
  }
  onError(error: { kind: string }): void {
    this.errors.push(error.kind);
  }
}

/** An echo session on its own connection; returns a probe measuring one round trip. */
async function echoProbe(): Promise<{ roundTrip: (n: number) => Promise<number>; latencies: number[] }> {
  const created = await t.engine.terminals.create(bashInput(cwd));
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const socket = await openSocket(wsUrl({ baseUrl: t.server.baseUrl, token: t.server.token }, DATA_PATH));
  const client = new TerminalDataClient(socket as unknown as WebSocketLike);
  const sink = new CountingSink(true);
  client.attach(created.value.id, sink);
  await waitUntil(() => sink.text.includes(PROMPT.trim()), 10_000);
  const latencies: number[] = [];
  return {
    latencies,
    async roundTrip(n) {
      const started = Date.now();
      client.input(created.value.id, `echo pong-${n}-$((${n}+1))\r`);
      await waitUntil(() => sink.text.includes(`pong-${n}-${n + 1}`), 30_000);
      latencies.push(Date.now() - started);
      return Date.now() - started;
    },
  };
}

describe('floods and hostile clients', () => {
  it(`a session printing ${FLOOD_BYTES / 1048576} MB: memory bounded, another session's echo answered`, async () => {
    const started = Date.now();
    const echo = await echoProbe();
    const flood = await t.engine.terminals.create(scriptInput(cwd, `yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789 | head -c ${FLOOD_BYTES}`));
    if (!flood.ok) throw new Error(JSON.stringify(flood.error));
    const sink = new CountingSink(false);
    const peak = await peakDuring(async () => {
      t.data.attach(flood.value.id, sink);
      let n = 0;
      while (!sink.exited) {
        await echo.roundTrip(n++);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
    expect(sink.received).toBeGreaterThanOrEqual(FLOOD_BYTES);
    expect(peak).toBeLessThan(MEMORY_BOUND_BYTES);
    expect(Math.max(...echo.latencies)).toBeLessThan(ECHO_BOUND_MS);
    console.log(`flood: ${(sink.received / 1048576).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s, peak +${(peak / 1048576).toFixed(0)} MB, slowest echo ${Math.max(...echo.latencies)} ms`);
    recordSummary({ suite: 'floods: one session', faults: 0, operations: echo.latencies.length, inputs: sink.received, dataLost: 0, ms: Date.now() - started });
  }, 600_000);

  it('a client that acknowledges without reading is cut off; memory stays bounded; echo answered', async () => {
    const started = Date.now();
    const echo = await echoProbe();
    const flood = await t.engine.terminals.create(scriptInput(cwd, 'yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789'));
    if (!flood.ok) throw new Error(JSON.stringify(flood.error));
    const before = t.server.connections();
    const liar = await openRaw(wsUrl({ baseUrl: t.server.baseUrl, token: t.server.token }, DATA_PATH));
    // Never read a byte again, but acknowledge a megabyte every few milliseconds.
    liar.socket.pause();
    liar.frame({ opcode: 0x2, payload: encodeFrame(FrameType.ATTACH, flood.value.id) });
    let acks = 0;
    const peak = await peakDuring(async () => {
      const deadline = Date.now() + 60_000;
      let n = 0;
      while (t.server.connections() > before && Date.now() < deadline) {
        for (let i = 0; i < 20; i++, acks++) liar.frame({ opcode: 0x2, payload: encodeFrame(FrameType.ACK, flood.value.id, encodeU32(1024 * 1024)) });
        if (n % 20 === 0) await echo.roundTrip(n);
        n++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    expect(t.server.connections()).toBe(before);
    expect(peak).toBeLessThan(MEMORY_BOUND_BYTES);
    expect(Math.max(...echo.latencies)).toBeLessThan(ECHO_BOUND_MS);
    liar.socket.destroy();
    await t.engine.terminals.kill(flood.value.id);
    recordSummary({ suite: 'floods: ack without reading', faults: 1, operations: echo.latencies.length, inputs: acks, dataLost: 0, ms: Date.now() - started });
  }, 120_000);

  it('input into a program that never reads it is refused past a bound, once said; memory bounded; echo answered', async () => {
    const started = Date.now();
    const echo = await echoProbe();
    // A full-screen program (raw mode, as agent TUIs run) that stops reading: the terminal's
    // input buffer fills (a few KB), then node-pty queues. (In line mode the kernel would
    // discard what does not fit instead.)
    const deaf = await t.engine.terminals.create(scriptInput(cwd, 'stty -icanon -echo; exec sleep 600'));
    if (!deaf.ok) throw new Error(JSON.stringify(deaf.error));
    const socket = await openSocket(wsUrl({ baseUrl: t.server.baseUrl, token: t.server.token }, DATA_PATH));
    const client = new TerminalDataClient(socket as unknown as WebSocketLike);
    const sink = new CountingSink(false);
    const errors = sink.errors;
    client.attach(deaf.value.id, sink);
    const chunk = 'x'.repeat(60_000);
    let sent = 0;
    let refusedAt: number | null = null;
    const peak = await peakDuring(async () => {
      // 4 × the bound through the data path (what a paste or a runaway client does), and the
      // control path's answer once refused.
      while (sent < 4 * MAX_PENDING_INPUT_BYTES) {
        client.input(deaf.value.id, chunk);
        sent += chunk.length;
        if (sent % (chunk.length * 20) === 0) await echo.roundTrip(sent);
      }
      await waitUntil(() => errors.length > 0, 30_000);
      const direct = t.engine.terminals.write(deaf.value.id, 'more');
      refusedAt = direct.ok ? null : sent;
      expect(direct).toEqual({ ok: false, error: { kind: 'INPUT_BACKLOG', sessionId: deaf.value.id, maxBytes: MAX_PENDING_INPUT_BYTES } });
    });
    // Told once, not once per refused frame.
    expect(errors).toEqual(['INPUT_BACKLOG']);
    expect(refusedAt).not.toBeNull();
    expect(peak).toBeLessThan(MEMORY_BOUND_BYTES);
    expect(Math.max(...echo.latencies)).toBeLessThan(ECHO_BOUND_MS);
    client.close();
    console.log(`input flood: ${(sent / 1048576).toFixed(0)} MB offered, refused past ${MAX_PENDING_INPUT_BYTES / 1048576} MB, peak +${(peak / 1048576).toFixed(0)} MB`);
    recordSummary({ suite: 'floods: unread input', faults: 1, operations: echo.latencies.length, inputs: sent, dataLost: 0, ms: Date.now() - started });
  }, 180_000);

  it('an event subscriber that stops reading is cut off; memory stays bounded', async () => {
    const started = Date.now();
    const echo = await echoProbe();
    const before = t.server.connections();
    const abuser = await openRaw(wsUrl({ baseUrl: t.server.baseUrl, token: t.server.token }, RPC_PATH));
    abuser.frame({ opcode: 0x1, payload: new TextEncoder().encode(JSON.stringify({ i: 1, p: { u: '/events/subscribe' } })) });
    abuser.socket.pause();
    let events = 0;
    const peak = await peakDuring(async () => {
      const deadline = Date.now() + 90_000;
      // Every settings change is an event (~200 KB here: a custom agent with a long argument)
      // for every subscriber; this one never reads. The kernel alone buffers tens of MB on
      // loopback, so it takes a few hundred events before the engine's own limits act.
      const bulk = 'a'.repeat(200_000);
      while (t.server.connections() > before && Date.now() < deadline) {
        for (let i = 0; i < 10; i++, events++) {
          await t.engine.settings.update({ agents: { custom: { big: { command: 'big-agent', args: [`${events}`, bulk] } } } });
        }
        if (events % 100 === 0) await echo.roundTrip(events);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    console.log(`event abuser: ${events} events (${((events * 200_000) / 1048576).toFixed(0)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s, peak +${(peak / 1048576).toFixed(0)} MB`);
    expect(t.server.connections()).toBe(before);
    expect(peak).toBeLessThan(MEMORY_BOUND_BYTES);
    abuser.socket.destroy();
    // Another client still gets its answers.
    expect((await t.client.engine.info()).pid).toBe(process.pid);
    recordSummary({ suite: 'floods: unread event stream', faults: 1, operations: echo.latencies.length, inputs: events, dataLost: 0, ms: Date.now() - started });
  }, 180_000);
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
