/**
 * The engine owns the grid: layout commands over the real WebSocket, applied one at a time,
 * broadcast to every client, persisted; sessions created through the protocol place their own
 * pane, and a full grid refuses before a process starts.
 */
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createEngineClient, wsUrl, type WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { MAX_PANES, RPC_PATH, type EngineClient, type EngineEvent, type Layout } from '../../../src/shared/protocol/index.ts';
import { openSocket, startTestEngine, type TestEngine } from '../../helpers/engine-server.ts';

let current: TestEngine | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await current?.close({ removeHome: true });
  current = null;
});

const SIZE = { cols: 80, rows: 24 };

async function shell(client: EngineClient): Promise<string> {
  const created = await client.terminals.create({ cwd: os.tmpdir(), command: 'sleep', args: ['30'], ...SIZE });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value.id;
}

/** A second client (another window, or the CLI) on the same engine. */
async function secondClient(engine: TestEngine): Promise<EngineClient> {
  const socket = await openSocket(wsUrl({ baseUrl: engine.server.baseUrl, token: engine.server.token }, RPC_PATH));
  sockets.push(socket);
  return createEngineClient(socket as unknown as WebSocketLike);
}

/** Collects the `layout.changed` events one client sees. */
async function watchLayouts(client: EngineClient): Promise<{ seen: Layout[]; stop(): Promise<void> }> {
  const stream = await client.events.subscribe();
  const iterator = stream[Symbol.asyncIterator]();
  const seen: Layout[] = [];
  let stopped = false;
  const pump = (async () => {
    while (!stopped) {
      const next = await iterator.next();
      if (next.done) return;
      const event = next.value as EngineEvent;
      if (event.type === 'layout.changed') seen.push(event.layout);
    }
  })();
  return {
    seen,
    async stop() {
      stopped = true;
      await iterator.return?.();
      await pump.catch(() => undefined);
    },
  };
}

describe('layout commands', () => {
  it('a created terminal places its own focused pane, and every client hears of it', async () => {
    current = await startTestEngine();
    const other = await secondClient(current);
    const watcher = await watchLayouts(other);
    const a = await shell(current.client);
    const b = await shell(current.client);
    expect(await current.client.layout.get()).toEqual({ panes: [a, b], focused: b, maximized: null });
    await expect.poll(() => watcher.seen.at(-1)).toEqual({ panes: [a, b], focused: b, maximized: null });
    await watcher.stop();
  });

  it('focus, maximize, move and close change the grid the same way for everyone', async () => {
    current = await startTestEngine();
    const [a, b, c] = [await shell(current.client), await shell(current.client), await shell(current.client)];
    const other = await secondClient(current);

    expect(await current.client.layout.focus({ sessionId: a })).toEqual({ ok: true, value: { panes: [a, b, c], focused: a, maximized: null } });
    expect(await other.layout.maximize({ sessionId: b })).toEqual({ ok: true, value: { panes: [a, b, c], focused: b, maximized: b } });
    // Focusing another pane while one is maximized swaps it in, so the focused pane is on screen.
    expect(await current.client.layout.focus({ sessionId: c })).toEqual({ ok: true, value: { panes: [a, b, c], focused: c, maximized: c } });
    expect(await other.layout.maximize({ sessionId: null })).toEqual({ ok: true, value: { panes: [a, b, c], focused: c, maximized: null } });
    expect(await current.client.layout.move({ sessionId: c, index: 0 })).toEqual({ ok: true, value: { panes: [c, a, b], focused: c, maximized: null } });
    expect(await other.layout.close({ sessionId: c })).toEqual({ ok: true, value: { panes: [a, b], focused: a, maximized: null } });
    // Closing takes the pane out of the grid; the session stays until `terminals.remove`.
    expect((await current.client.terminals.list()).map((s) => s.id)).toContain(c);
    expect(await other.layout.open({ sessionId: c, after: a })).toEqual({ ok: true, value: { panes: [a, c, b], focused: c, maximized: null } });
    expect(await current.client.layout.get()).toEqual({ panes: [a, c, b], focused: c, maximized: null });
  });

  it('commands racing from two clients are applied one after another, none lost', async () => {
    current = await startTestEngine();
    const ids = [await shell(current.client), await shell(current.client), await shell(current.client), await shell(current.client)];
    const other = await secondClient(current);
    await Promise.all([
      current.client.layout.close({ sessionId: ids[0]! }),
      other.layout.close({ sessionId: ids[1]! }),
      current.client.layout.move({ sessionId: ids[3]!, index: 0 }),
    ]);
    expect((await current.client.layout.get()).panes).toEqual([ids[3], ids[2]]);
  });

  it('refuses unknown sessions and a tenth pane with typed errors, changing nothing', async () => {
    current = await startTestEngine();
    const ids: string[] = [];
    for (let n = 0; n < MAX_PANES; n++) ids.push(await shell(current.client));
    const before = await current.client.layout.get();
    expect(before.panes).toEqual(ids);

    expect(await current.client.layout.focus({ sessionId: 'nope' })).toEqual({ ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: 'nope' } });
    expect(await current.client.layout.close({ sessionId: ids[0]! })).toMatchObject({ ok: true });
    await shell(current.client);
    const full = await current.client.layout.get();
    // The grid is full again: a tenth terminal is refused before any process starts.
    const sessionsBefore = (await current.client.terminals.list()).length;
    const refused = await current.client.terminals.create({ cwd: os.tmpdir(), command: 'sleep', args: ['30'], ...SIZE });
    expect(refused).toEqual({ ok: false, error: { kind: 'TOO_MANY_PANES', max: MAX_PANES } });
    expect((await current.client.terminals.list()).length).toBe(sessionsBefore);
    // The closed session is still there, but has no room either.
    expect(await current.client.layout.open({ sessionId: ids[0]! })).toEqual({ ok: false, error: { kind: 'TOO_MANY_PANES', max: MAX_PANES } });
    expect(await current.client.layout.get()).toEqual(full);
    await expect(current.client.layout.move({ sessionId: ids[1]!, index: 42 })).rejects.toThrow(/validation/i);
  });

  it('drops the pane of a removed session and keeps the layout across an engine restart', async () => {
    current = await startTestEngine();
    const { home } = current;
    const a = await shell(current.client);
    const b = await shell(current.client);
    await current.client.layout.maximize({ sessionId: a });
    expect((await current.client.terminals.remove({ sessionId: b })).ok).toBe(true);
    await expect.poll(() => current!.client.layout.get()).toEqual({ panes: [a], focused: a, maximized: a });

    await current.close();
    current = await startTestEngine({ home });
    // The session is listed as exited after the restart; its pane stays where it was.
    expect(await current.client.layout.get()).toEqual({ panes: [a], focused: a, maximized: a });
  });

  it('keeps resized splits per grid shape, for every client and across a restart', async () => {
    current = await startTestEngine();
    const { home } = current;
    await shell(current.client);
    await shell(current.client);
    const other = await secondClient(current);
    const watcher = await watchLayouts(other);
    const resized = await current.client.layout.resize({ shape: '2x1', sizes: { cols: [0.7, 0.3], rows: [1] } });
    expect(resized).toMatchObject({ ok: true, value: { splits: { '2x1': { cols: [0.7, 0.3], rows: [1] } } } });
    await expect.poll(() => watcher.seen.at(-1)?.splits).toEqual({ '2x1': { cols: [0.7, 0.3], rows: [1] } });
    await watcher.stop();

    // Below the minimum is raised to it; sizes that do not fit the shape change nothing.
    expect(await current.client.layout.resize({ shape: '2x1', sizes: { cols: [0.99, 0.01], rows: [1] } })).toMatchObject({ ok: true, value: { splits: { '2x1': { cols: [0.9, 0.1] } } } });
    const before = await current.client.layout.get();
    expect(await current.client.layout.resize({ shape: '3x3', sizes: { cols: [0.5, 0.5], rows: [1] } })).toEqual({ ok: true, value: before });
    await expect(current.client.layout.resize({ shape: '4x1', sizes: null })).rejects.toThrow(/validation/i);

    await current.close();
    current = await startTestEngine({ home });
    expect((await current.client.layout.get()).splits).toEqual({ '2x1': { cols: [0.9, 0.1], rows: [1] } });
    // Null splits evenly again and stores nothing.
    const reset = await current.client.layout.resize({ shape: '2x1', sizes: null });
    expect(reset.ok && reset.value.splits).toBeUndefined();
  });
});
