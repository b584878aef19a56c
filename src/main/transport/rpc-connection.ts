/**
 * One `/rpc` connection, guarded: oRPC's handler behind a gate that keeps a hostile or broken
 * client from hurting the engine or other clients.
 *
 * - Every message is checked before oRPC sees it: text JSON of the peer protocol's shape only.
 *   A message with an id but a bad shape gets a typed BAD_REQUEST answer; one without an id
 *   closes the connection (1007). Client-to-engine streams (event-iterator bodies) are refused:
 *   no procedure takes one, and oRPC would queue their events without bound (1008).
 * - At most MAX_IN_FLIGHT requests run at once per connection; up to MAX_QUEUED wait. A client
 *   that queues more is disconnected (1008). When a connection closes, waiting requests are
 *   dropped and running ones see their abort signal: no work outlives its client.
 * - Output waits while the socket's send buffer is over SEND_BUFFER_HIGH_BYTES; a client that
 *   does not read for SLOW_CLIENT_MS while over it is disconnected, so its buffers are freed.
 * - One log line per rejection, no stack traces.
 *
 * Only oRPC's public `RPCHandler.upgrade` is used: it is handed a small socket-like object
 * whose `message` and `close` events this gate dispatches.
 */
import type { RPCHandler } from '@orpc/server/ws';
import type { WebSocket } from 'ws';
import { logRejected } from './transport-log.ts';

/** Requests of one connection that run at once (an event stream counts while it is open). */
export const MAX_IN_FLIGHT = 16;
/** Requests that may wait behind them; more is a flood and closes the connection. */
export const MAX_QUEUED = 512;
/** Bytes of waiting requests allowed per connection. */
export const MAX_QUEUED_BYTES = 32 * 1024 * 1024;
/** Output is held back while the socket has more than this unsent. */
export const SEND_BUFFER_HIGH_BYTES = 4 * 1024 * 1024;
/** A client whose send buffer stays over the mark this long is not reading: disconnected. */
export const SLOW_CLIENT_MS = 15_000;
/** How often a held-back send re-checks the buffer. */
const DRAIN_POLL_MS = 10;

type Listener = (event: { data: unknown }) => unknown;

export function handleRpcConnection(ws: WebSocket, rpc: RPCHandler<Record<never, never>>): void {
  let onMessage: Listener | null = null;
  let onClose: (() => void) | null = null;
  let closed = false;
  let inFlight = 0;
  let queuedBytes = 0;
  const queue: string[] = [];

  const closeWith = (code: number, reason: string): void => {
    if (closed) return;
    logRejected('/rpc', reason);
    ws.close(code, reason.slice(0, 120));
    // A client that ignores the close handshake is cut off.
    setTimeout(() => ws.terminate(), 2_000).unref();
  };

  // The socket-like object oRPC's handler attaches to.
  const facade = {
    send: (data: string | Uint8Array) => send(ws, data, () => closed, closeWith),
    addEventListener(type: string, listener: Listener) {
      if (type === 'message') onMessage = listener;
      else if (type === 'close') onClose = listener as () => void;
    },
  };
  void rpc.upgrade(facade as unknown as WebSocket, { context: {} });

  const pump = (): void => {
    while (!closed && inFlight < MAX_IN_FLIGHT && queue.length > 0) {
      const message = queue.shift()!;
      queuedBytes -= message.length;
      inFlight++;
      // oRPC's listener resolves when the request (or its event stream) is finished.
      Promise.resolve()
        .then(() => onMessage?.({ data: message }))
        .catch(() => undefined)
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  ws.on('message', (raw, isBinary) => {
    if (closed) return;
    try {
      if (isBinary) return closeWith(1003, 'binary message on /rpc');
      const text = raw.toString();
      const verdict = checkMessage(text);
      if (verdict.kind === 'close') return closeWith(verdict.code, verdict.reason);
      if (verdict.kind === 'answer') {
        logRejected('/rpc', verdict.reason);
        ws.send(badRequest(verdict.id, verdict.reason));
        return;
      }
      if (queue.length >= MAX_QUEUED || queuedBytes + text.length > MAX_QUEUED_BYTES) {
        return closeWith(1008, `more than ${MAX_QUEUED} requests waiting`);
      }
      queue.push(text);
      queuedBytes += text.length;
      pump();
    } catch (error) {
      closeWith(1011, `message handler failed: ${(error as Error).message}`);
    }
  });

  // ws reports malformed frames (invalid UTF-8, RSV bits, reserved opcodes, over maxPayload) as
  // 'error' and then closes the socket; without a listener the engine would crash.
  ws.on('error', (error) => logRejected('/rpc', `malformed frame: ${error.message}`));

  ws.on('close', () => {
    closed = true;
    // Work that has not started is dropped; running work is aborted through its signal.
    queue.length = 0;
    queuedBytes = 0;
    onClose?.();
  });
}

/** What to do with one incoming text message. */
type Verdict =
  | { kind: 'pass' }
  | { kind: 'answer'; id: string | number; reason: string }
  | { kind: 'close'; code: number; reason: string };

/**
 * The peer protocol's request shapes: `{i, p: {u, b?, h?, m?}}` (a request) and `{i, t: 4}`
 * (abort). `t: 3` (a client stream's event) is refused, as is a request declaring a stream body.
 */
export function checkMessage(text: string): Verdict {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { kind: 'close', code: 1007, reason: 'message is not JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { kind: 'close', code: 1007, reason: 'message is not an object' };
  }
  const { i: id, t: type, p: payload } = message as { i?: unknown; t?: unknown; p?: unknown };
  if ((typeof id !== 'string' && typeof id !== 'number') || (typeof id === 'string' && id.length > 64)) {
    return { kind: 'close', code: 1007, reason: 'message has no valid id' };
  }
  if (type === 4) return { kind: 'pass' };
  if (type === 3) return { kind: 'close', code: 1008, reason: 'client event streams are not accepted' };
  if (type !== undefined && type !== 1) return { kind: 'answer', id, reason: `unknown message type ${JSON.stringify(type).slice(0, 20)}` };
  if (typeof payload !== 'object' || payload === null) return { kind: 'answer', id, reason: 'request has no payload' };
  const { u: url, h: headers, m: method } = payload as { u?: unknown; h?: unknown; m?: unknown };
  if (typeof url !== 'string' || url.length > 512) return { kind: 'answer', id, reason: 'request has no valid path' };
  if (method !== undefined && typeof method !== 'string') return { kind: 'answer', id, reason: 'request method is not a string' };
  if (!url.startsWith('/')) {
    try {
      new URL(url);
    } catch {
      return { kind: 'answer', id, reason: 'request path is not a URL' };
    }
  }
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return { kind: 'answer', id, reason: 'request headers are not an object' };
    for (const [name, value] of Object.entries(headers)) {
      const values = Array.isArray(value) ? value : [value];
      if (!values.every((one) => typeof one === 'string')) return { kind: 'answer', id, reason: `header ${name.slice(0, 40)} is not a string` };
      if (name.toLowerCase() === 'content-type' && values.some((one) => (one as string).toLowerCase().includes('event-stream'))) {
        return { kind: 'close', code: 1008, reason: 'client event streams are not accepted' };
      }
    }
  }
  return { kind: 'pass' };
}

/** A typed error answer in oRPC's wire format (the client raises ORPCError BAD_REQUEST). */
function badRequest(id: string | number, reason: string): string {
  return JSON.stringify({
    i: id,
    p: { s: 400, b: { json: { defined: false, code: 'BAD_REQUEST', status: 400, message: `Malformed message: ${reason}` } } },
  });
}

/** Send, holding back while the client is not reading; disconnect it if that lasts. */
async function send(ws: WebSocket, data: string | Uint8Array, isClosed: () => boolean, closeWith: (code: number, reason: string) => void): Promise<void> {
  if (ws.bufferedAmount > SEND_BUFFER_HIGH_BYTES) {
    const since = Date.now();
    while (ws.bufferedAmount > SEND_BUFFER_HIGH_BYTES && !isClosed() && ws.readyState === ws.OPEN) {
      if (Date.now() - since > SLOW_CLIENT_MS) {
        closeWith(1008, 'client does not read its messages');
        ws.terminate();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  }
  if (isClosed() || ws.readyState !== ws.OPEN) return;
  ws.send(data);
}
