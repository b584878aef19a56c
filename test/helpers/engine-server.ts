/**
 * A real engine + transport server in this process, and real WebSocket clients to it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { createEngineClient, wsUrl, type WebSocketLike } from '../../src/shared/protocol/client.ts';
import { TerminalDataClient } from '../../src/shared/protocol/data-client.ts';
import { DATA_PATH, RPC_PATH, type EngineClient } from '../../src/shared/protocol/index.ts';
import { startEngine, type Engine } from '../../src/main/engine/index.ts';
import { startServer, type RunningServer } from '../../src/main/transport/server.ts';

export interface TestEngine {
  home: string;
  engine: Engine;
  server: RunningServer;
  client: EngineClient;
  data: TerminalDataClient;
  /** Close clients, server and engine; keep the home unless `removeHome`. */
  close(options?: { removeHome?: boolean }): Promise<void>;
}

export async function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return socket;
}

export async function startTestEngine(options: { home?: string } = {}): Promise<TestEngine> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'ao-home-')));
  const engine = await startEngine({ home });
  const server = await startServer({ engine, port: 0 });
  const endpoint = { baseUrl: server.baseUrl, token: server.token };
  const rpcSocket = await openSocket(wsUrl(endpoint, RPC_PATH));
  const dataSocket = await openSocket(wsUrl(endpoint, DATA_PATH));
  const client = createEngineClient(rpcSocket as unknown as WebSocketLike);
  const data = new TerminalDataClient(dataSocket as unknown as WebSocketLike);
  return {
    home,
    engine,
    server,
    client,
    data,
    async close({ removeHome = false } = {}) {
      rpcSocket.close();
      data.close();
      await server.close();
      await engine.dispose();
      if (removeHome) await rm(home, { recursive: true, force: true });
    },
  };
}
