/**
 * The engine's network face: one HTTP server on loopback that serves the web UI and upgrades two
 * WebSocket paths — `/rpc` (oRPC control plane) and `/data` (binary terminal frames).
 *
 * Every upgrade is checked for the per-start token, a loopback Host and an allowed Origin before
 * a WebSocket exists (see `auth.ts`).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { RPCHandler } from '@orpc/server/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { DATA_PATH, MAX_DATA_MESSAGE_BYTES, MAX_RPC_MESSAGE_BYTES, RPC_PATH, TOKEN_CHECK_PATH } from '../../shared/protocol/index.ts';
import type { Engine } from '../engine/index.ts';
import { isAllowedHost, isAllowedOrigin, isLoopbackName, newToken, tokenMatches } from './auth.ts';
import { handleDataConnection } from './data-channel.ts';
import { handleRpcConnection } from './rpc-connection.ts';
import { logRejected } from './transport-log.ts';
import { serveStatic } from './static-files.ts';
import { OPEN_PATH, OpenCodes } from './open-codes.ts';

export interface ServerOptions {
  engine: Engine;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Folder of the built renderer, or null to serve no UI. */
  staticDir?: string | null;
  /** Origins allowed besides the server's own (the desktop shell passes `file://`). */
  allowOrigins?: string[];
  /** Fixed token (tests); random per start otherwise. */
  token?: string;
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  token: string;
  /**
   * A one-time URL that opens the web UI (redirecting to `/#token=…`): safe to put on a
   * browser's command line, unlike the token itself.
   */
  openUrl(): string;
  /** Open WebSocket connections (diagnostics and tests: an offender's disappears). */
  connections(): number;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const staticDir = options.staticDir ?? null;
  const rpc = new RPCHandler(options.engine.router);
  const sockets = new Set<WebSocket>();
  const openCodes = new OpenCodes();
  // Binding a non-loopback interface is an explicit user choice (`serve --host`); accept that
  // name too. A wildcard bind accepts only loopback names: there is no single name to trust.
  const boundName = host.replace(/^\[|\]$/g, '').toLowerCase();
  const extraNames =
    isLoopbackName(boundName) || boundName === '0.0.0.0' || boundName === '::' ? [] : [boundName];

  const http = createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, port, extraNames)) {
      res.writeHead(421, { 'content-type': 'text/plain' });
      res.end('Misdirected Request');
      return;
    }
    if ((req.url ?? '').startsWith(`${OPEN_PATH}?`)) {
      const code = new URL(req.url ?? '/', 'http://localhost').searchParams.get('code');
      const valid = openCodes.redeem(code);
      res.writeHead(valid ? 302 : 403, {
        ...(valid ? { location: `/#token=${token}` } : { 'content-type': 'text/plain; charset=utf-8' }),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end(valid ? '' : 'This link was already used or has expired. Run agent-orchestrator serve --open again.\n');
      return;
    }
    if ((req.url ?? '') === TOKEN_CHECK_PATH) {
      // Same-origin only in effect: the custom header needs a CORS preflight nobody answers.
      const header = req.headers.authorization ?? '';
      const valid = req.method === 'GET' && tokenMatches(header.startsWith('Bearer ') ? header.slice(7) : null, token);
      res.writeHead(valid ? 204 : 401, { 'cache-control': 'no-store' });
      res.end();
      return;
    }
    void serveStatic(req, res, staticDir).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  // Separate limits: control messages may carry a long prompt; terminal input arrives in
  // small frames (the clients split pastes), so a huge /data message is never legitimate.
  const rpcWss = new WebSocketServer({ noServer: true, maxPayload: MAX_RPC_MESSAGE_BYTES });
  const dataWss = new WebSocketServer({ noServer: true, maxPayload: MAX_DATA_MESSAGE_BYTES });
  let port = 0;
  // A malformed HTTP request (or a reset mid-request) is the client's problem, never a crash.
  http.on('clientError', (error: Error, socket: Duplex) => {
    logRejected('http', error.message);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const reject = (socket: Duplex, status: number, reason: string): void => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws owns the socket, its errors (a reset during the handshake) are ours to handle.
    socket.on('error', (error) => logRejected('upgrade', error.message));
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return reject(socket, 400, 'Bad Request');
    }
    if (url.pathname !== RPC_PATH && url.pathname !== DATA_PATH) return reject(socket, 404, 'Not Found');
    if (!isAllowedHost(req.headers.host, port, extraNames)) return reject(socket, 403, 'Forbidden');
    if (!isAllowedOrigin(req.headers.origin, port, options.allowOrigins, extraNames)) return reject(socket, 403, 'Forbidden');
    if (!tokenMatches(url.searchParams.get('token'), token)) return reject(socket, 401, 'Unauthorized');
    const wss = url.pathname === RPC_PATH ? rpcWss : dataWss;
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      if (url.pathname === RPC_PATH) handleRpcConnection(ws, rpc);
      else handleDataConnection(ws, options.engine.terminals, socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as AddressInfo).port;
  // A wildcard bind is reachable at loopback too; "http://0.0.0.0:…" is not a URL that works.
  const reachable = boundName === '0.0.0.0' ? '127.0.0.1' : boundName === '::' ? '::1' : host;
  const urlHost = reachable.includes(':') ? `[${reachable.replace(/^\[|\]$/g, '')}]` : reachable;

  return {
    baseUrl: `http://${urlHost}:${port}`,
    port,
    token,
    connections: () => sockets.size,
    openUrl: () => `http://${urlHost}:${port}${OPEN_PATH}?code=${openCodes.issue()}`,
    async close() {
      for (const ws of sockets) ws.terminate();
      rpcWss.close();
      dataWss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
