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
import type { TerminalAttachment, TerminalConsumer, TerminalHub } from '../engine/index.ts';
import { FrameScheduler } from './frame-scheduler.ts';

/**
 * Serve the data path on an accepted WebSocket until it closes.
 *
 * Malformed frames and frames for sessions this socket is not attached to are dropped: the
 * client may have detached while frames were in flight.
 */
export function handleDataConnection(socket: WebSocket, hub: TerminalHub): void {
  const attachments = new Map<string, TerminalAttachment>();

  const scheduler = new FrameScheduler((frame) => {
    // Sending on a closing socket is a silent no-op in ws; the close handler detaches.
    if (socket.readyState !== socket.OPEN) return;
    socket.send(frame, { binary: true });
  });
  const send = (type: FrameTypeValue, sessionId: string, payload?: Uint8Array): void => {
    const counted = type === FrameType.DATA && payload ? payload.length : 0;
    scheduler.send(sessionId, encodeFrame(type, sessionId, payload), counted);
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

  const sendError = (sessionId: string, error: AppError): void => {
    send(FrameType.ERROR, sessionId, encodeText(JSON.stringify(error)));
  };

  socket.on('message', (raw, isBinary) => {
    if (!isBinary) return;
    const frame = decodeFrame(toBytes(raw));
    if (!frame) return;
    switch (frame.type) {
      case FrameType.ATTACH:
        attach(frame.sessionId);
        break;
      case FrameType.INPUT:
        // Typing into a session that has ended is not an error worth a frame: the client
        // already received its EXIT.
        hub.input(frame.sessionId, frame.payload);
        break;
      case FrameType.ACK: {
        const bytes = decodeU32(frame.payload);
        if (bytes !== null) {
          scheduler.ack(frame.sessionId, bytes);
          attachments.get(frame.sessionId)?.ack(bytes);
        }
        break;
      }
      case FrameType.DETACH:
        attachments.get(frame.sessionId)?.detach();
        attachments.delete(frame.sessionId);
        scheduler.close(frame.sessionId);
        break;
      default:
        // Engine → client frame types coming from a client are ignored.
        break;
    }
  });

  socket.on('close', () => {
    for (const [sessionId, attachment] of attachments) {
      attachment.detach();
      scheduler.close(sessionId);
    }
    attachments.clear();
  });
  // ws emits 'error' before 'close'; without a listener an error would crash the engine.
  socket.on('error', () => undefined);
}

/** ws hands over a Buffer, an ArrayBuffer or fragments depending on its binaryType. */
function toBytes(raw: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(raw)) return Buffer.concat(raw);
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  return raw;
}
