/**
 * Binary frames of the terminal data path.
 *
 * Terminal bytes do not go through the JSON control plane: they travel as binary WebSocket
 * messages on `/data`, framed as `[type u8][idLength u8][session id (ASCII)][payload]`.
 * Using plain `Uint8Array`/`DataView` keeps this file free of Node and DOM APIs.
 */

export const FrameType = {
  /** client → engine: start streaming a session (engine answers SNAPSHOT, then DATA). */
  ATTACH: 0x01,
  /** client → engine: keystrokes or pasted text (UTF-8). */
  INPUT: 0x02,
  /** client → engine: payload is a u32 count of bytes the client has processed. */
  ACK: 0x03,
  /** client → engine: stop streaming a session to this client. */
  DETACH: 0x04,
  /** engine → client: the serialized screen and scrollback; the client resets, then writes it. */
  SNAPSHOT: 0x81,
  /** engine → client: PTY output. */
  DATA: 0x82,
  /** engine → client: payload is the exit code as i32 (after all output was sent). */
  EXIT: 0x83,
  /** engine → client: payload is a JSON AppError (e.g. attaching an unknown session). */
  ERROR: 0x84,
} as const;

export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

export interface Frame {
  type: FrameTypeValue;
  sessionId: string;
  payload: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The bytes before a frame's payload. The engine writes a session's DATA header once into the
 * front of every output batch, so a batch goes on the wire without being copied into a frame.
 */
export function frameHeader(type: FrameTypeValue, sessionId: string): Uint8Array {
  const id = encoder.encode(sessionId);
  if (id.length > 255) throw new Error('session id too long');
  const out = new Uint8Array(2 + id.length);
  out[0] = type;
  out[1] = id.length;
  out.set(id, 2);
  return out;
}

/** Whether `frame` is `header` followed by `payload` (a frame built in place by the engine). */
export function isFramedAs(frame: Uint8Array, header: Uint8Array, payload: Uint8Array): boolean {
  if (frame.length !== header.length + payload.length || frame.buffer !== payload.buffer) return false;
  if (frame.byteOffset + header.length !== payload.byteOffset) return false;
  for (let i = 0; i < header.length; i++) if (frame[i] !== header[i]) return false;
  return true;
}

/** Encode one frame. Session ids are short ASCII strings (see `newSessionId`). */
export function encodeFrame(type: FrameTypeValue, sessionId: string, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const header = frameHeader(type, sessionId);
  const out = new Uint8Array(header.length + payload.length);
  out.set(header, 0);
  out.set(payload, header.length);
  return out;
}

/** Decode one frame; returns null for a malformed frame (the caller drops it). */
export function decodeFrame(data: Uint8Array): Frame | null {
  if (data.length < 2) return null;
  const type = data[0] as FrameTypeValue;
  if (!Object.values(FrameType).includes(type)) return null;
  const idLength = data[1]!;
  if (data.length < 2 + idLength) return null;
  const sessionId = decoder.decode(data.subarray(2, 2 + idLength));
  return { type, sessionId, payload: data.subarray(2 + idLength) };
}

export function encodeU32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

export function decodeU32(payload: Uint8Array): number | null {
  if (payload.length !== 4) return null;
  return new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
}

export function encodeI32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value | 0);
  return out;
}

export function decodeI32(payload: Uint8Array): number | null {
  if (payload.length !== 4) return null;
  return new DataView(payload.buffer, payload.byteOffset, 4).getInt32(0);
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

export function decodeText(payload: Uint8Array): string {
  return decoder.decode(payload);
}
