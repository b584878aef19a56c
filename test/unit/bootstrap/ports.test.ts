import net from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { chooseBlock, overlaps, preferredSlot } from '../../../src/main/engine/ports/port-allocator.ts';
import { isPortFree, portEnv, PortService } from '../../../src/main/engine/ports/port-service.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const range = { count: 10, rangeStart: 40000, rangeEnd: 40099 };
const allFree = async (): Promise<boolean> => true;

describe('port blocks', () => {
  it('prefers a stable slot per worktree path', async () => {
    const a = await chooseBlock('/w/a', range, [], allFree);
    expect(await chooseBlock('/w/a', range, [], allFree)).toEqual(a);
    expect(a!.start).toBe(40000 + preferredSlot('/w/a', 10) * 10);
  });

  it('never overlaps another block and skips ports in use', async () => {
    const taken = [{ start: 40000, count: 10 }, { start: 40010, count: 10 }];
    const busy = new Set([40025]);
    const blocks = [];
    for (let i = 0; i < 5; i++) {
      const block = await chooseBlock(`/w/${i}`, range, [...taken, ...blocks], async (port) => !busy.has(port));
      expect(block).not.toBeNull();
      blocks.push(block!);
    }
    for (const block of blocks) {
      expect(taken.some((other) => overlaps(block, other))).toBe(false);
      expect(block.start <= 40025 && 40025 < block.start + block.count).toBe(false);
    }
    expect(new Set(blocks.map((b) => b.start)).size).toBe(5);
    // 10 slots: 2 taken, 5 handed out, 1 busy → 2 left, then none.
    await chooseBlock('/w/x', range, [...taken, ...blocks], async (port) => !busy.has(port));
    expect(await chooseBlock('/w/y', range, [...taken, ...blocks, { start: 40000, count: 100 }], allFree)).toBeNull();
  });

  it('a block of zero ports is empty and exports nothing', async () => {
    expect(await chooseBlock('/w', { ...range, count: 0 }, [], allFree)).toEqual({ start: 0, count: 0 });
    expect(portEnv({ start: 0, count: 0 })).toEqual({});
    expect(portEnv({ start: 3000, count: 2 })).toEqual({ PORT: '3000', AGENT_ORCHESTRATOR_PORT_0: '3000', AGENT_ORCHESTRATOR_PORT_1: '3001' });
  });

  it('probes by binding: a listening port is not free', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void server.close());
    const port = (server.address() as net.AddressInfo).port;
    expect(await isPortFree(port)).toBe(false);
  });

  it('persists reservations, keeps them stable, finds them from subfolders and releases them', async () => {
    const home = makeTempDir('ao-ports-');
    const first = new PortService({ home, isFree: allFree });
    const a = await first.reserve('r1', '/w/a', range);
    const b = await first.reserve('r1', '/w/b', range);
    expect(a && b && overlaps(a, b)).toBe(false);
    // Another process (a CLI) on the same data directory sees the same reservations.
    const second = new PortService({ home, isFree: allFree });
    expect(await second.reserve('r1', '/w/a', range)).toEqual(a);
    expect(await second.findFor(path.join('/w/a', 'src', 'x'))).toEqual(a);
    expect(await second.findFor('/w/ab')).toBeNull();
    // A new size replaces the block.
    const resized = await second.reserve('r1', '/w/a', { ...range, count: 3 });
    expect(resized?.count).toBe(3);
    await second.release('/w/a');
    expect(await first.get('/w/a')).toBeNull();
    expect(await first.list()).toEqual([b]);
  });

  it('hands out distinct blocks to concurrent reservations from two services', async () => {
    const home = makeTempDir('ao-ports-');
    const one = new PortService({ home, isFree: allFree });
    const two = new PortService({ home, isFree: allFree });
    const blocks = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).reserve('r', `/w/${i}`, range)),
    );
    const starts = blocks.map((block) => block!.start);
    expect(new Set(starts).size).toBe(8);
    expect(await one.list()).toHaveLength(8);
  });
});
