/**
 * Start this process as the data folder's serving engine: engine, web server, `engine.json`.
 *
 * Shared by `serve` and headless `run`: the same token and (when free) port as last time, the
 * desktop window's origin allowed, a remembered port that is taken replaced by any free one, and
 * every failure turned into either "an engine already serves this folder" or one line of text.
 */
import { EngineRunningError, startEngine, type Engine, type EngineRecord } from '../engine/index.ts';
import { startServer, type RunningServer, type ServerOptions } from '../transport/server.ts';
import type { AppError } from '../../shared/errors.ts';
import { findRendererDir } from './renderer-dir.ts';

export interface ServingOptions {
  owner: EngineRecord['owner'];
  host?: string;
  /** A port the user asked for (null: the last one if free, else any). */
  port: number | null;
  rotateToken?: boolean;
  /** Origins allowed besides the engine's own page and the desktop window's `file://`. */
  allowOrigins?: readonly string[];
}

export type Serving =
  | { ok: true; engine: Engine; server: RunningServer }
  | { ok: false; running: Extract<AppError, { kind: 'ENGINE_RUNNING' }> }
  | { ok: false; running: null; reason: string };

export async function startServing(options: ServingOptions): Promise<Serving> {
  const host = options.host ?? '127.0.0.1';
  let engine: Engine;
  try {
    engine = await startEngine();
  } catch (error) {
    if (error instanceof EngineRunningError) return { ok: false, running: error.error };
    throw error;
  }
  // The same token and, when free, the same port as last time: open tabs reconnect after a restart.
  const identity = await engine.webIdentity({ rotate: options.rotateToken === true });
  const serverOptions: ServerOptions = {
    engine,
    host,
    port: options.port ?? identity.port ?? 0,
    token: identity.token,
    staticDir: await findRendererDir(),
    // The desktop window (origin `file://`; browsers send `null` for file pages, not this) may
    // attach to any serving engine it finds through engine.json, not only to one it started.
    allowOrigins: ['file://', ...(options.allowOrigins ?? [])],
  };
  let server: RunningServer;
  try {
    server = await startServer(serverOptions).catch((error: NodeJS.ErrnoException) => {
      // The remembered port is only a preference; a port the user asked for is not.
      if (error.code === 'EADDRINUSE' && options.port === null && serverOptions.port !== 0) return startServer({ ...serverOptions, port: 0 });
      throw error;
    });
  } catch (error) {
    await engine.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${options.port} is already in use; pick another with --port, or omit it`
        : code === 'EADDRNOTAVAIL'
          ? `cannot listen on ${host}: no such address on this machine`
          : `cannot listen on ${host}:${options.port ?? 0}: ${(error as Error).message}`;
    return { ok: false, running: null, reason };
  }
  await engine.advertise({ baseUrl: server.baseUrl, port: server.port, token: server.token, owner: options.owner });
  return { ok: true, engine, server };
}
