/**
 * A hostile WebSocket client: a plain TCP socket that performs the upgrade handshake and then
 * writes frames byte by byte as it likes — invalid UTF-8, RSV bits, reserved opcodes, lengths
 * over the limit — which a well-behaved library refuses to produce.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export interface RawSocket {
  socket: net.Socket;
  /** Write one frame (masked, as a client must). */
  frame(options: { opcode: number; payload: Uint8Array; fin?: boolean; rsv?: number; declaredLength?: number }): void;
  /** Everything the server sent after the handshake. */
  received(): Buffer;
  /** Resolves when the server closes the TCP connection. */
  closed: Promise<void>;
  /** The server's frames so far (servers do not mask), parsed from `received()`. */
  frames(): { opcode: number; payload: Buffer }[];
  /**
   * Send a ping and wait for its pong: true while the connection serves us, false once the
   * server sent a close frame (frames are handled in order, so this tells whether the frames
   * sent before were accepted) or the socket ended.
   */
  alive(timeoutMs?: number): Promise<boolean>;
}

/** Parse unmasked server frames; an incomplete tail is left for later. */
export function parseServerFrames(data: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let length = data[at + 1]! & 0x7f;
    let head = 2;
    if (length === 126) {
      if (at + 4 > data.length) break;
      length = data.readUInt16BE(at + 2);
      head = 4;
    } else if (length === 127) {
      if (at + 10 > data.length) break;
      length = Number(data.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (at + head + length > data.length) break;
    frames.push({ opcode, payload: data.subarray(at + head, at + head + length) });
    at += head + length;
  }
  return frames;
}

/** Open `url` (ws://host:port/path?token=…) and complete the handshake. */
export async function openRaw(url: string): Promise<RawSocket> {
  const target = new URL(url);
  const socket = net.connect(Number(target.port), target.hostname);
  // Small frames back to back (a message, then a ping): Nagle would hold the second for 40 ms.
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  let handshakeDone = false;
  let pending = Buffer.alloc(0);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => {
      socket.write(
        `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (data: Buffer) => {
      if (handshakeDone) {
        chunks.push(data);
        return;
      }
      pending = Buffer.concat([pending, data]);
      const end = pending.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = pending.subarray(0, end).toString();
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
      handshakeDone = true;
      if (pending.length > end + 4) chunks.push(pending.subarray(end + 4));
      resolve();
    });
    socket.once('close', () => reject(new Error('closed during the handshake')));
  });
  let ended = false;
  void closed.then(() => (ended = true));
  let pings = 0;
  // Frames parsed so far, and how many received chunks they came from (parsing is incremental:
  // re-parsing everything on every poll would be quadratic).
  const parsed: { opcode: number; payload: Buffer }[] = [];
  let parsedChunks = 0;
  let tail = Buffer.alloc(0);
  const frames = (): { opcode: number; payload: Buffer }[] => {
    if (parsedChunks < chunks.length) {
      const data = Buffer.concat([tail, ...chunks.slice(parsedChunks)]);
      parsedChunks = chunks.length;
      const found = parseServerFrames(data);
      const used = found.reduce((sum, f) => sum + f.payload.length + (f.payload.length < 126 ? 2 : f.payload.length < 65536 ? 4 : 10), 0);
      tail = data.subarray(used);
      parsed.push(...found);
    }
    return parsed;
  };
  const raw: RawSocket = {
    socket,
    closed,
    received: () => Buffer.concat(chunks),
    frames,
    async alive(timeoutMs = 10_000) {
      if (ended || socket.destroyed) return false;
      const tag = Buffer.from(`p${++pings}`);
      raw.frame({ opcode: 0x9, payload: tag });
      const deadline = Date.now() + timeoutMs;
      let seen = 0;
      while (Date.now() < deadline) {
        const all = frames();
        for (; seen < all.length; seen++) {
          const f = all[seen]!;
          if (f.opcode === 0x8) return false;
          if (f.opcode === 0xa && f.payload.equals(tag)) return true;
        }
        if (ended || socket.destroyed) return false;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return false;
    },
    frame({ opcode, payload, fin = true, rsv = 0, declaredLength }) {
      const length = declaredLength ?? payload.length;
      const head: number[] = [(fin ? 0x80 : 0) | ((rsv & 0x7) << 4) | (opcode & 0x0f)];
      if (length < 126) head.push(0x80 | length);
      else if (length < 65536) head.push(0x80 | 126, (length >> 8) & 0xff, length & 0xff);
      else {
        head.push(0x80 | 127);
        const big = Buffer.alloc(8);
        big.writeBigUInt64BE(BigInt(length));
        head.push(...big);
      }
      const mask = randomBytes(4);
      const masked = Buffer.from(payload);
      for (let i = 0; i < masked.length; i++) masked[i] = masked[i]! ^ mask[i % 4]!;
      if (!socket.destroyed) socket.write(Buffer.concat([Buffer.from(head), mask, masked]));
    },
  };
  return raw;
}
