import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';
import { handleDataConnection } from '../../../src/main/transport/data-channel.ts';
import type { AppError } from '../../../src/shared/errors.ts';
import type { WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { TerminalDataClient, type SessionSink } from '../../../src/shared/protocol/data-client.ts';
import { encodeFrame, FrameType } from '../../../src/shared/protocol/data-frames.ts';
import { BATCH_MAX_BYTES, HIGH_WATERMARK_BYTES } from '../../../src/shared/protocol/flow-control.ts';
import { bashInput, createOk, PROMPT, scriptInput, sleep, waitFor, waitForPrompt } from './session-helpers.ts';
import { openService } from './service-fixture.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Write system calls of the data connections' sockets (see `serve`). */
const socketWrites = { count: 0 };

/**
 * A real ws server on loopback serving the data path for `service`, corking each connection's
 * socket per turn as the engine's server does; its writes are counted in `socketWrites`.
 */
async function serve(service: TerminalService): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket, req) => {
    // Every system call a stream makes goes through one of these two (Writable's contract).
    const stream = req.socket as unknown as Record<'_write' | '_writev', (...args: unknown[]) => void>;
    for (const method of ['_write', '_writev'] as const) {
      const original = stream[method].bind(req.socket);
      stream[method] = (...args) => {
        socketWrites.count++;
        original(...args);
      };
    }
    handleDataConnection(socket, service, req.socket);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  );
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/data`;
}

function connect(url: string): { socket: WebSocket; client: TerminalDataClient } {
  const socket = new WebSocket(url);
  const client = new TerminalDataClient(socket as unknown as WebSocketLike);
  cleanups.push(() => socket.terminate());
  return { socket, client };
}

/** A sink that records what it gets; acknowledges at once unless told otherwise. */
class Sink implements SessionSink {
  snapshot: string | null = null;
  text = '';
  received = 0;
  exitCode: number | null = null;
  error: AppError | null = null;
  readonly unprocessed: Array<() => void> = [];
  readonly order: string[] = [];
  private readonly decoder = new TextDecoder();

  constructor(private readonly autoProcess = true) {}

  onSnapshot(data: string): void {
    this.snapshot = data;
    this.order.push('snapshot');
  }

  onData(data: Uint8Array, processed: () => void): void {
    this.text += this.decoder.decode(data, { stream: true });
    this.received += data.length;
    if (this.order.at(-1) !== 'data') this.order.push('data');
    if (this.autoProcess) processed();
    else this.unprocessed.push(processed);
  }

  onExit(exitCode: number): void {
    this.exitCode = exitCode;
    this.order.push('exit');
  }

  onError(error: AppError): void {
    this.error = error;
  }
}

async function settle(read: () => number, quietMs = 400): Promise<number> {
  let last = read();
  let since = Date.now();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await sleep(25);
    const now = read();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return now;
  }
  throw new Error('never settled');
}

describe('terminal data path over a real WebSocket', () => {
  it('attach, type, read the echo, and get the exit code after the output', async () => {
    const { service, cwd } = await openService();
    const url = await serve(service);
    const info = await createOk(service, bashInput(cwd));
    await waitForPrompt(service, info.id);

    const { client } = connect(url);
    const sink = new Sink();
    client.attach(info.id, sink);
    await waitFor(() => sink.snapshot !== null, 'the snapshot');
    expect(sink.snapshot).toContain(PROMPT.trimEnd());

    client.input(info.id, 'echo via-the-data-path\r');
    await waitFor(() => sink.text.includes('via-the-data-path\r\n'), 'the echo');
    client.input(info.id, 'printf "last words\\n"; exit 6\r');
    await waitFor(() => sink.exitCode !== null, 'the exit');
    expect(sink.exitCode).toBe(6);
    expect(sink.text).toContain('last words\r\n');
    expect(sink.order).toEqual(['snapshot', 'data', 'exit']);
    expect(service.list()[0]).toMatchObject({ status: 'exited', exitCode: 6 });
  });

  it('frames of several sessions sent in the same turn share one socket write, and every stream arrives intact and in order', async () => {
    const { service, cwd } = await openService();
    const url = await serve(service);
    const sessions = 4;
    const count = 20_000;
    const ids: string[] = [];
    for (let s = 0; s < sessions; s++) {
      // Held at `read` until every client is attached, then all flood at once.
      ids.push((await createOk(service, scriptInput(cwd, `read -r _; seq -f 's${s} line %g' 1 ${count}`))).id);
    }
    const { client } = connect(url);
    const sinks = ids.map(() => new Sink());
    let frames = 0;
    ids.forEach((id, s) =>
      client.attach(id, {
        onSnapshot: (data) => sinks[s]!.onSnapshot(data),
        onData: (data, processed) => {
          frames++;
          sinks[s]!.onData(data, processed);
        },
        onExit: (code) => sinks[s]!.onExit(code),
      }),
    );
    await waitFor(() => sinks.every((sink) => sink.snapshot !== null), 'the snapshots');
    const writesBefore = socketWrites.count;
    for (const id of ids) client.input(id, '\r');
    await waitFor(() => sinks.every((sink) => sink.exitCode !== null), 'every exit', 30_000);
    const writes = socketWrites.count - writesBefore;
    sinks.forEach((sink, s) => {
      const expected = Array.from({ length: count }, (_, i) => `s${s} line ${i + 1}\r\n`).join('');
      // The echo of the Enter that released the flood, then every line, then nothing else.
      expect(sink.text.endsWith(expected), `session ${s}`).toBe(true);
      expect(sink.text.length - expected.length, `session ${s}`).toBeLessThanOrEqual(2);
      expect(sink.order).toEqual(['snapshot', 'data', 'exit']);
    });
    // Four streams at once put several frames in many turns: fewer writes than frames.
    expect(frames).toBeGreaterThan(sessions * 4);
    expect(writes).toBeLessThan(frames);
  });

  it('attaching an unknown session answers with an ERROR frame', async () => {
    const { service } = await openService();
    const { client } = connect(await serve(service));
    const sink = new Sink();
    client.attach('unknown1', sink);
    await waitFor(() => sink.error, 'the error');
    expect(sink.error).toEqual({ kind: 'SESSION_NOT_FOUND', sessionId: 'unknown1' });
  });

  it('a client that stops processing pauses the PTY; processing resumes it', async () => {
    const { service, cwd } = await openService();
    const url = await serve(service);
    const info = await createOk(service, scriptInput(cwd, 'yes 0123456789abcdefghijklmnopqrstuvwxyz'));
    const { client } = connect(url);
    const sink = new Sink(false);
    client.attach(info.id, sink);

    // Output starts once the snapshot is taken (the mirror thread may still be starting).
    await waitFor(() => sink.received > 0, 'the first output');
    const stalled = await settle(() => sink.received);
    expect(stalled).toBeGreaterThan(HIGH_WATERMARK_BYTES);
    expect(stalled).toBeLessThan(HIGH_WATERMARK_BYTES + BATCH_MAX_BYTES + 64 * 1024);

    for (const processed of sink.unprocessed.splice(0)) processed();
    await waitFor(() => sink.received > stalled, 'more output after processing');
    await service.kill(info.id);
  });

  it('closing the socket detaches: a stalled client no longer holds the PTY back', async () => {
    const { service, cwd } = await openService();
    const url = await serve(service);
    const info = await createOk(service, scriptInput(cwd, 'yes 0123456789abcdefghijklmnopqrstuvwxyz'));
    const stalledClient = connect(url);
    stalledClient.client.attach(info.id, new Sink(false));
    const fast = new Sink(true);
    connect(url).client.attach(info.id, fast);

    const before = await settle(() => fast.received);
    stalledClient.socket.close();
    await waitFor(() => fast.received > before + 1_000_000, 'a megabyte more for the other client');
    await service.kill(info.id);
  });

  it('ignores malformed frames and keeps serving', async () => {
    const { service, cwd } = await openService();
    const url = await serve(service);
    const info = await createOk(service, bashInput(cwd));
    await waitForPrompt(service, info.id);
    const { socket, client } = connect(url);
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.send(new Uint8Array([0xff]));
    socket.send(new Uint8Array([FrameType.ATTACH, 200, 1, 2]));
    socket.send('text frames are not part of the protocol');
    socket.send(encodeFrame(FrameType.ACK, info.id, new Uint8Array([1, 2, 3])));
    socket.send(encodeFrame(FrameType.DATA, info.id, new Uint8Array([65])));

    const sink = new Sink();
    client.attach(info.id, sink);
    client.input(info.id, 'echo still-alive\r');
    await waitFor(() => sink.text.includes('still-alive\r\n'), 'the echo');
  });
});
