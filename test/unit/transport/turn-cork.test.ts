import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { TurnCork } from '../../../src/main/transport/turn-cork.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real ws server and client on loopback; the server side's socket counts its writes. */
async function pair(): Promise<{ server: WebSocket; socket: Socket; client: WebSocket; writes: () => number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  const accepted = new Promise<{ server: WebSocket; socket: Socket }>((resolve) =>
    wss.once('connection', (server, req) => resolve({ server, socket: req.socket as Socket })),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  cleanups.push(() => client.terminate());
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  const { server, socket } = await accepted;
  // Every system call the stream makes goes through one of these two (Writable's contract).
  let writes = 0;
  const stream = socket as unknown as { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
  const write = stream._write.bind(socket);
  const writev = stream._writev.bind(socket);
  stream._write = (...args) => {
    writes++;
    write(...args);
  };
  stream._writev = (...args) => {
    writes++;
    writev(...args);
  };
  return { server, socket, client, writes: () => writes };
}

function receive(client: WebSocket, count: number): Promise<Buffer[]> {
  const got: Buffer[] = [];
  return new Promise((resolve) =>
    client.on('message', (data: Buffer) => {
      got.push(data);
      if (got.length === count) resolve(got);
    }),
  );
}

/** Frames of different sizes and contents, like frames of several sessions in one turn. */
const frames = Array.from({ length: 12 }, (_, i) => Buffer.alloc(1 + ((i * 7919) % 40_000), 65 + i));

describe('TurnCork', () => {
  it("sends a turn's frames in one write, intact and in order", async () => {
    const { server, socket, client, writes } = await pair();
    const cork = new TurnCork(socket);
    const arrived = receive(client, frames.length);
    const before = writes();
    for (const frame of frames) {
      cork.hold();
      server.send(frame, { binary: true });
    }
    const got = await arrived;
    expect(writes() - before).toBe(1);
    expect(got.map((data) => data.length)).toEqual(frames.map((frame) => frame.length));
    got.forEach((data, i) => expect(data.equals(frames[i]!)).toBe(true));
  });

  it('uncorks at the end of every turn: frames of the next turn are not held', async () => {
    const { server, socket, client, writes } = await pair();
    const cork = new TurnCork(socket);
    const before = writes();
    for (let turn = 0; turn < 3; turn++) {
      const arrived = receive(client, 2);
      cork.hold();
      server.send(frames[turn]!, { binary: true });
      cork.hold();
      server.send(frames[turn + 1]!, { binary: true });
      // Arrives without any further send to push it out.
      const got = await arrived;
      client.removeAllListeners('message');
      expect(got[0]!.equals(frames[turn]!)).toBe(true);
      expect(got[1]!.equals(frames[turn + 1]!)).toBe(true);
    }
    expect(writes() - before).toBe(3);
  });

  it('without a stream, writes go out one by one', async () => {
    const { server, client, writes } = await pair();
    const cork = new TurnCork(null);
    const arrived = receive(client, 3);
    const before = writes();
    for (const frame of frames.slice(0, 3)) {
      cork.hold();
      server.send(frame, { binary: true });
    }
    await arrived;
    // ws writes a frame's header and payload together; each frame is its own write.
    expect(writes() - before).toBe(3);
  });
});
