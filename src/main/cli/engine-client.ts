/**
 * How a CLI command reaches the engine: the one serving this data folder, or an in-process one.
 *
 * When an engine serves the data folder (desktop app, `serve`, `run`; found through
 * `engine.json`), commands talk to it over its socket, so what they do shows up in the open app
 * at once and nothing is computed twice. When none does, the same router runs in this process
 * (oRPC's router client, no socket) on a one-shot engine: one composition root and one set of
 * services either way. The engine's code is imported only in that case, so commands against a
 * running engine start fast; the socket and protocol code only when a command connects, so a
 * command's `--help` or a usage error costs nothing of either.
 */
import type { WebSocketLike } from '../../shared/protocol/client.ts';
import type { EngineClient } from '../../shared/protocol/index.ts';
import type { AppError } from '../../shared/errors.ts';

/** How long to wait for a running engine's socket to open before saying it does not answer. */
const CONNECT_TIMEOUT_MS = 5000;

export interface EngineConnection {
  client: EngineClient;
  /** 'remote': a serving engine; 'in-process': a one-shot engine in this process. */
  mode: 'remote' | 'in-process';
  home: string;
  /** The serving engine's pid and URL (remote only). */
  remote: { pid: number; baseUrl: string; token: string; appVersion: string } | null;
  close(): Promise<void>;
}

export class EngineConnectError extends Error {
  constructor(readonly error: AppError) {
    super(error.kind);
  }
}

export interface ConnectOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** Refuse to run in-process (commands that need live sessions: attach, send, status). */
  requireRunning?: boolean;
}

export async function connectEngine(options: ConnectOptions = {}): Promise<EngineConnection> {
  const { defaultHome, findRunningEngine } = await import('../engine/discovery.ts');
  const home = options.home ?? defaultHome(options.env ?? process.env);
  const running = await findRunningEngine(home);
  if (running) {
    const [{ WebSocket }, { createEngineClient, waitForOpen, wsUrl }, { RPC_PATH }] = await Promise.all([
      import('ws'),
      import('../../shared/protocol/client.ts'),
      import('../../shared/protocol/index.ts'),
    ]);
    const socket = new WebSocket(wsUrl(running, RPC_PATH));
    // Without a listener a refused connection would be an unhandled 'error' event.
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.terminate(), CONNECT_TIMEOUT_MS);
    const open = await waitForOpen(socket as unknown as WebSocketLike);
    clearTimeout(timer);
    if (!open) {
      throw new EngineConnectError({
        kind: 'ENGINE_UNREACHABLE',
        home,
        pid: running.pid,
        baseUrl: running.baseUrl,
        message: 'the connection was refused or timed out',
      });
    }
    return {
      client: createEngineClient(socket as unknown as WebSocketLike),
      mode: 'remote',
      home,
      remote: { pid: running.pid, baseUrl: running.baseUrl, token: running.token, appVersion: running.appVersion },
      close: async () => {
        socket.close();
      },
    };
  }
  if (options.requireRunning) throw new EngineConnectError({ kind: 'ENGINE_NOT_RUNNING', home });
  // The engine and oRPC's server side are loaded only here, so remote commands never parse them;
  // the one-shot engine loads a domain's schemas, handlers and services on its first call.
  const [{ startOneShotEngine }, { createRouterClient }] = await Promise.all([import('../engine/index.ts'), import('@orpc/server')]);
  const engine = await startOneShotEngine({ home, ...(options.env ? { env: options.env } : {}) });
  return {
    client: createRouterClient(engine.router) as unknown as EngineClient,
    mode: 'in-process',
    home,
    remote: null,
    close: () => engine.dispose(),
  };
}

/** Run `fn` with a connection, closed afterwards whatever happens. */
export async function withEngine<T>(fn: (engine: EngineConnection) => Promise<T>, options: ConnectOptions = {}): Promise<T> {
  const engine = await connectEngine(options);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}
