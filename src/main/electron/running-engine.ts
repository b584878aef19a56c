/**
 * Find an engine already running on the data folder (`engine.json`) and check it answers.
 *
 * The decision is `decisions/running-engine.ts`; this file reads the file, checks the pid and
 * asks the endpoint for `engine.info` with the recorded token. Free of `electron` imports, so it
 * is tested under plain Node against a real engine.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createEngineClient, waitForOpen, wsUrl, type EngineEndpoint, type WebSocketLike } from '../../shared/protocol/client.ts';
import { RPC_PATH } from '../../shared/protocol/index.ts';
import { decideEngineSource, parseEngineFile, type EngineSource } from './decisions/running-engine.ts';

/** The file a running engine keeps in its data folder. */
export const ENGINE_FILE = 'engine.json';
/** A live engine answers `engine.info` in milliseconds; a wedged one is not worth waiting for. */
const PROBE_TIMEOUT_MS = 3_000;

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (then it is not our engine either way).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `engine.info().pid` from the endpoint, or null when it does not answer in time. */
export async function probeEnginePid(
  endpoint: EngineEndpoint,
  createSocket: (url: string) => WebSocketLike,
  timeoutMs: number = PROBE_TIMEOUT_MS,
): Promise<number | null> {
  let socket: WebSocketLike;
  try {
    socket = createSocket(wsUrl(endpoint, RPC_PATH));
  } catch {
    return null;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const ask = (async (): Promise<number | null> => {
    if (!(await waitForOpen(socket))) return null;
    const info = await createEngineClient(socket).engine.info();
    return info.pid;
  })().catch(() => null);
  try {
    return await Promise.race([ask, timeout]);
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}

/** Whether to attach to a running engine, start one, or stop with a version conflict. */
export async function findRunningEngine(options: {
  readonly home: string;
  readonly appVersion: string;
  readonly createSocket: (url: string) => WebSocketLike;
}): Promise<EngineSource> {
  const text = await readFile(path.join(options.home, ENGINE_FILE), 'utf8').catch(() => null);
  const record = text === null ? null : parseEngineFile(text);
  const pidAlive = record !== null && isPidAlive(record.pid);
  const answeredPid = record !== null && pidAlive ? await probeEnginePid(record.endpoint, options.createSocket) : null;
  return decideEngineSource({ record, pidAlive, answeredPid, appVersion: options.appVersion });
}
