/**
 * The full path: engine TerminalService → transport WebSocket server → TerminalDataClient.
 *
 * The client acknowledges every frame the moment it arrives, like a renderer whose xterm keeps
 * up, so what limits throughput is the engine and the transport, not the consumer.
 */
import { WebSocket } from 'ws';
import { createEngineClient, wsUrl, type EngineEndpoint, type WebSocketLike } from '../../src/shared/protocol/client.ts';
import { TerminalDataClient, type SessionSink } from '../../src/shared/protocol/data-client.ts';
import { DATA_PATH, RPC_PATH, type EngineClient } from '../../src/shared/protocol/index.ts';
import { BASH, BASH_ARGS, COLS, floodArgs, ROWS, type FloodKind } from './flood.ts';
import type { Throughput } from './raw-baseline.ts';

/** The benchmark's two sockets to the engine, like a renderer has. */
export interface EngineConnection {
  rpc: EngineClient;
  data: TerminalDataClient;
  close(): void;
}

async function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Control plane (oRPC) and data path sockets to a running engine. */
export async function connectEngine(endpoint: EngineEndpoint): Promise<EngineConnection> {
  const rpcSocket = await openSocket(wsUrl(endpoint, RPC_PATH));
  const dataSocket = await openSocket(wsUrl(endpoint, DATA_PATH));
  return {
    rpc: createEngineClient(rpcSocket as unknown as WebSocketLike),
    data: new TerminalDataClient(dataSocket as unknown as WebSocketLike),
    close() {
      rpcSocket.close();
      dataSocket.close();
    },
  };
}

/** A sink that counts bytes, acknowledges at once and can wait for a condition on its text. */
class CountingSink implements SessionSink {
  bytes = 0;
  /** When the last DATA byte arrived (performance.now()). */
  lastDataAt = 0;
  text = '';
  exited: Promise<number>;
  snapshotSeen: Promise<string>;
  private resolveExit!: (code: number) => void;
  private resolveSnapshot!: (snapshot: string) => void;
  private waiter: { test: (text: string) => boolean; resolve: () => void } | null = null;
  private readonly decoder = new TextDecoder();

  constructor(private readonly keepText = false) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    this.snapshotSeen = new Promise((resolve) => (this.resolveSnapshot = resolve));
  }

  onSnapshot(data: string): void {
    this.resolveSnapshot(data);
  }

  onData(data: Uint8Array, processed: () => void): void {
    this.bytes += data.length;
    this.lastDataAt = performance.now();
    processed();
    if (!this.keepText) return;
    this.text += this.decoder.decode(data, { stream: true });
    if (this.waiter?.test(this.text)) {
      const { resolve } = this.waiter;
      this.waiter = null;
      resolve();
    }
  }

  onExit(exitCode: number): void {
    this.resolveExit(exitCode);
  }

  /** Forget the text so far; resolve once the text received from now on passes `test`. */
  expect(test: (text: string) => boolean, timeoutMs: number): Promise<boolean> {
    this.text = '';
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, timeoutMs);
      this.waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
    });
  }
}

async function createSession(rpc: EngineClient, cwd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const created = await rpc.terminals.create({ cwd, command: BASH, args, cols: COLS, rows: ROWS, ...(env ? { env } : {}) });
  if (!created.ok) throw new Error(`terminals.create failed: ${JSON.stringify(created.error)}`);
  return created.value.id;
}

/**
 * Start `sessions` floods, attach, release them together; count DATA bytes until every EXIT.
 * The clock stops at the last DATA byte. `engineCpu` measures the engine's CPU over the run
 * (null when the engine runs in this process).
 */
export async function measureEngine(
  connection: EngineConnection,
  sessions: number,
  bytesEach: number,
  cwd: string,
  kind: FloodKind,
  engineCpu: { reset(): void; report(): Promise<number | null> },
): Promise<Throughput> {
  const ids: string[] = [];
  const sinks: CountingSink[] = [];
  for (let i = 0; i < sessions; i++) {
    const id = await createSession(connection.rpc, cwd, floodArgs(bytesEach, kind));
    const sink = new CountingSink();
    connection.data.attach(id, sink);
    ids.push(id);
    sinks.push(sink);
  }
  await Promise.all(sinks.map((sink) => sink.snapshotSeen));
  for (const sink of sinks) sink.bytes = 0;
  engineCpu.reset();
  const start = performance.now();
  for (const id of ids) connection.data.input(id, '\r');
  await Promise.all(sinks.map((sink) => sink.exited));
  const cpuMs = await engineCpu.report();
  const seconds = (Math.max(...sinks.map((sink) => sink.lastDataAt)) - start) / 1000;
  const bytes = sinks.reduce((sum, sink) => sum + sink.bytes, 0);
  for (const id of ids) {
    connection.data.detach(id);
    await connection.rpc.terminals.remove({ sessionId: id });
  }
  return { bytes, seconds, mbps: bytes / 1e6 / seconds, cpuMsPerMB: cpuMs === null ? null : cpuMs / (bytes / 1e6) };
}

/** Echo latencies, samples that never echoed, and how much the floods moved meanwhile. */
export interface EchoResult {
  latenciesMs: number[];
  timeouts: number;
  floodBytes: number;
}

/**
 * Keystroke echo latency in an interactive bash while `floods` sessions flood.
 *
 * Each sample types one letter through the data path and times until bash's echo of it comes
 * back, then erases it (Backspace, untimed) so the prompt line never wraps.
 */
export async function measureEcho(
  connection: EngineConnection,
  floods: number,
  samples: number,
  intervalMs: number,
  cwd: string,
  kind: FloodKind,
  onSamplingStart: () => void = () => undefined,
): Promise<EchoResult> {
  const floodIds: string[] = [];
  const floodSinks: CountingSink[] = [];
  for (let i = 0; i < floods; i++) {
    const id = await createSession(connection.rpc, cwd, floodArgs(null, kind));
    const sink = new CountingSink();
    connection.data.attach(id, sink);
    floodIds.push(id);
    floodSinks.push(sink);
  }
  const shellId = await createSession(connection.rpc, cwd, BASH_ARGS, { PS1: 'PROMPT$ ', HISTFILE: '/dev/null' });
  const shell = new CountingSink(true);
  const prompt = shell.expect((text) => text.includes('PROMPT$ '), 5_000);
  connection.data.attach(shellId, shell);
  const snapshot = await shell.snapshotSeen;
  if (!snapshot.includes('PROMPT$') && !(await prompt)) throw new Error('the echo shell never showed its prompt');

  await Promise.all(floodSinks.map((sink) => sink.snapshotSeen));
  for (const id of floodIds) connection.data.input(id, '\r');
  // Let the floods reach full speed before sampling.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const latenciesMs: number[] = [];
  let timeouts = 0;
  onSamplingStart();
  // Letters whose echo cannot be confused with Backspace's echo (`\b`, `\x1b[K`).
  const letters = 'abcdefghij';
  for (let i = 0; i < samples; i++) {
    const letter = letters[i % letters.length]!;
    const started = performance.now();
    const echoed = shell.expect((text) => text.includes(letter), 2_000);
    connection.data.input(shellId, letter);
    if (await echoed) latenciesMs.push(performance.now() - started);
    else timeouts++;
    const erased = shell.expect((text) => text.length > 0, 2_000);
    connection.data.input(shellId, '\x7f');
    await erased;
    const wait = intervalMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  const floodBytes = floodSinks.reduce((sum, sink) => sum + sink.bytes, 0);
  for (const id of [...floodIds, shellId]) {
    connection.data.detach(id);
    await connection.rpc.terminals.remove({ sessionId: id });
  }
  return { latenciesMs, timeouts, floodBytes };
}
