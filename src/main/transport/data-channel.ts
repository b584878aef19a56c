/**
 * Server side of the terminal data path: one WebSocket, binary frames, any number of sessions.
 *
 * Frames from the client (ATTACH, INPUT, ACK, DETACH) are turned into {@link TerminalHub} calls;
 * each attachment's consumer turns output into SNAPSHOT, DATA and EXIT frames. Output goes
 * through a {@link FrameScheduler}, which caps what the whole connection has in flight so that
 * one pane's keystroke echo is not stuck behind other panes' floods; each session's own flow
 * controller still pauses its PTY past its high watermark, so memory stays bounded.
 */
import type { WebSocket } from 'ws';
import type { AppError } from '../../shared/errors.ts';
import {
  decodeFrame,
  decodeU32,
  encodeFrame,
  encodeI32,
  encodeText,
  frameHeader,
  FrameType,
  isFramedAs,
  type FrameTypeValue,
} from '../../shared/protocol/data-frames.ts';
import { SESSION_ID_PATTERN } from '../../shared/protocol/limits.ts';
import type { TerminalAttachment, TerminalConsumer, TerminalHub } from '../engine/index.ts';
import { FrameScheduler } from './frame-scheduler.ts';
import { logRejected } from './transport-log.ts';
import { TurnCork, type Corkable } from './turn-cork.ts';

/**
 * A connection whose unsent output (socket buffer + frames waiting here) passes this is not
 * reading: it is disconnected so its memory is freed. Flow control keeps honest clients far below.
 */
export const MAX_CONNECTION_BACKLOG_BYTES = 16 * 1024 * 1024;

/**
 * Bytes a connection may acknowledge beyond what it was sent before it counts as lying about
 * what it read (a client that acknowledges without reading); it is then disconnected.
 */
export const MAX_EXCESS_ACK_BYTES = 16 * 1024 * 1024;

/**
 * Serve the data path on an accepted WebSocket until it closes.
 *
 * Malformed frames and frames for sessions this socket is not attached to are dropped: the
 * client may have detached while frames were in flight.
 *
 * `stream` is the connection's byte stream (the upgraded socket): frames sent in the same turn of
 * the event loop leave in one write (turn-cork.ts). Without it each frame is its own write.
 */
export function handleDataConnection(socket: WebSocket, hub: TerminalHub, stream: Corkable | null = null): void {
  const attachments = new Map<string, TerminalAttachment>();
  let excessAcks = 0;
  let closed = false;

  const drop = (reason: string): void => {
    if (closed) return;
    closed = true;
    logRejected('/data', reason);
    socket.close(1008, reason.slice(0, 120));
    setTimeout(() => socket.terminate(), 2_000).unref();
  };

  const cork = new TurnCork(stream);
  const scheduler = new FrameScheduler(
    (frame) => {
      // Sending on a closing socket is a silent no-op in ws; the close handler detaches.
      if (socket.readyState !== socket.OPEN) return;
      cork.hold();
      socket.send(frame, { binary: true });
    },
    undefined,
    { buffered: () => socket.bufferedAmount },
  );
  const send = (type: FrameTypeValue, sessionId: string, payload?: Uint8Array): void => {
    if (closed) return;
    const counted = type === FrameType.DATA && payload ? payload.length : 0;
    scheduler.send(sessionId, encodeFrame(type, sessionId, payload), counted);
    if (socket.bufferedAmount + scheduler.waitingBytes > MAX_CONNECTION_BACKLOG_BYTES) {
      drop(`client is not reading its output (${Math.round((socket.bufferedAmount + scheduler.waitingBytes) / 1048576)} MB unsent)`);
    }
  };

  const attach = (sessionId: string): void => {
    // A second ATTACH replaces the first (the client resets its count for the session too).
    attachments.get(sessionId)?.detach();
    attachments.delete(sessionId);
    scheduler.open(sessionId);
    const dataHeader = frameHeader(FrameType.DATA, sessionId);
    const consumer: TerminalConsumer = {
      sendSnapshot: (data) => send(FrameType.SNAPSHOT, sessionId, encodeText(data)),
      // The engine built the frame in place: send it as is (checked, it is only a few bytes).
      sendData: (chunk, frame) =>
        frame && isFramedAs(frame, dataHeader, chunk)
          ? scheduler.send(sessionId, frame, chunk.length)
          : send(FrameType.DATA, sessionId, chunk),
      sendExit: (exitCode) => send(FrameType.EXIT, sessionId, encodeI32(exitCode)),
    };
    const attached = hub.attach(sessionId, consumer);
    if (attached.ok) attachments.set(sessionId, attached.value);
    else {
      scheduler.close(sessionId);
      sendError(sessionId, attached.error);
    }
  };

  /** Sessions whose last input was refused for a backlog (told once). */
  const backlogged = new Set<string>();
  const sendError = (sessionId: string, error: AppError): void => {
    send(FrameType.ERROR, sessionId, encodeText(JSON.stringify(error).slice(0, 4096)));
  };

  /** Handle one message; malformed ones are logged (one line) and dropped. */
  const onMessage = (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
    if (closed) return;
    if (!isBinary) return logRejected('/data', 'text message (frames are binary)');
    const frame = decodeFrame(toBytes(raw));
    if (!frame) return logRejected('/data', 'malformed frame');
    // Ids are short ASCII; anything else (invalid UTF-8 decodes to U+FFFD, 3 bytes each) could
    // not even be echoed back in an ERROR frame.
    if (!SESSION_ID_PATTERN.test(frame.sessionId)) return logRejected('/data', 'frame with an invalid session id');
    switch (frame.type) {
      case FrameType.ATTACH:
        attach(frame.sessionId);
        break;
      case FrameType.INPUT:
        // Typing into a session that has ended is not an error worth a frame: the client
        // already received its EXIT. Input the program is not reading is: said once, until it
        // reads again, so a flood of refused frames is not answered with a flood of errors.
        {
          const typed = hub.input(frame.sessionId, frame.payload);
          if (typed.ok) backlogged.delete(frame.sessionId);
          else if (typed.error.kind === 'INPUT_BACKLOG' && !backlogged.has(frame.sessionId)) {
            backlogged.add(frame.sessionId);
            sendError(frame.sessionId, typed.error);
          }
        }
        break;
      case FrameType.ACK: {
        const bytes = decodeU32(frame.payload);
        if (bytes === null) return logRejected('/data', 'ACK without a 4-byte count');
        // Only bytes really sent can be acknowledged: the PTY stays paused for a client that
        // acknowledges without reading, and one that keeps doing it is cut off.
        const freed = scheduler.ack(frame.sessionId, bytes);
        excessAcks += bytes - freed;
        if (freed > 0) attachments.get(frame.sessionId)?.ack(freed);
        if (excessAcks > MAX_EXCESS_ACK_BYTES) drop('client acknowledges output it was never sent');
        break;
      }
      case FrameType.DETACH:
        attachments.get(frame.sessionId)?.detach();
        attachments.delete(frame.sessionId);
        scheduler.close(frame.sessionId);
        break;
      default:
        // Engine → client frame types coming from a client are ignored.
        logRejected('/data', `frame type 0x${frame.type.toString(16)} is not for the engine`);
        break;
    }
  };

  socket.on('message', (raw, isBinary) => {
    // Total: whatever a frame holds, a bug it triggers costs this connection, not the engine.
    try {
      onMessage(raw, isBinary);
    } catch (error) {
      drop(`frame handler failed: ${(error as Error).message}`);
    }
  });

  socket.on('close', () => {
    closed = true;
    for (const [sessionId, attachment] of attachments) {
      attachment.detach();
      scheduler.close(sessionId);
    }
    attachments.clear();
    scheduler.dispose();
  });
  // ws emits 'error' (invalid UTF-8, reserved opcode, RSV bits, over maxPayload) before 'close';
  // without a listener the error would crash the engine.
  socket.on('error', (error) => logRejected('/data', `malformed frame: ${error.message}`));
}

/** ws hands over a Buffer, an ArrayBuffer or fragments depending on its binaryType. */
function toBytes(raw: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(raw)) return Buffer.concat(raw);
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  return raw;
}
