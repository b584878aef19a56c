/**
 * Protocol clients: the typed control-plane client and the URL helpers shared by every client.
 *
 * The control plane is oRPC over a WebSocket; responses are validated against the same contract
 * the engine validates its inputs with, so both ends check every message.
 */
import { createORPCClient } from '@orpc/client';
import { RPCLink } from '@orpc/client/websocket';
import { ResponseValidationPlugin } from '@orpc/contract/plugins';
import { contract, type DATA_PATH, type RPC_PATH, type EngineClient } from './index.ts';

/** The subset of the WebSocket API both the browser's and the `ws` package's sockets offer. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | ArrayBufferLike | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: any) => void): void;
  removeEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: any) => void): void;
}

/** Where and how to reach an engine: its HTTP base URL and its per-start token. */
export interface EngineEndpoint {
  /** e.g. `http://127.0.0.1:4519` */
  baseUrl: string;
  token: string;
}

export function wsUrl(endpoint: EngineEndpoint, path: typeof RPC_PATH | typeof DATA_PATH): string {
  const url = new URL(path, endpoint.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', endpoint.token);
  return url.toString();
}

/** Parse `…#token=abc` (web mode passes the token in the URL fragment, never to the server). */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('token');
}

/** A typed engine client over an (opening or open) WebSocket to `RPC_PATH`. */
export function createEngineClient(websocket: WebSocketLike): EngineClient {
  const link = new RPCLink({
    websocket: websocket as never,
    plugins: [new ResponseValidationPlugin(contract)],
  });
  return createORPCClient(link);
}

/** Resolves true once the socket is open, false if it closes or fails first (refused, bad token). */
export function waitForOpen(socket: WebSocketLike): Promise<boolean> {
  if (socket.readyState === 1) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (open: boolean): void => {
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('close', onFail);
      socket.removeEventListener('error', onFail);
      resolve(open);
    };
    const onOpen = (): void => done(true);
    const onFail = (): void => done(false);
    socket.addEventListener('open', onOpen);
    socket.addEventListener('close', onFail);
    socket.addEventListener('error', onFail);
  });
}
