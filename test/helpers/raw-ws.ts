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
}

/** Open `url` (ws://host:port/path?token=…) and complete the handshake. */
export async function openRaw(url: string): Promise<RawSocket> {
  const target = new URL(url);
  const socket = net.connect(Number(target.port), target.hostname);
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
  return {
    socket,
    closed,
    received: () => Buffer.concat(chunks),
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
      socket.write(Buffer.concat([Buffer.from(head), mask, masked]));
    },
  };
}
