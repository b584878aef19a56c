import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { JsonStore } from '../../../src/main/engine/state/json-store.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const Schema = z.object({ items: z.array(z.string()) });
type Data = z.infer<typeof Schema>;

function makeStore(dir: string, extra: Partial<ConstructorParameters<typeof JsonStore<Data>>[0]> = {}) {
  return new JsonStore<Data>({
    file: path.join(dir, 'state.json'),
    version: 2,
    schema: Schema,
    defaults: () => ({ items: [] }),
    ...extra,
  });
}

describe('JsonStore', () => {
  it('returns the defaults when the file does not exist, and creates missing folders on save', async () => {
    const dir = path.join(makeTempDir(), 'nested', 'home');
    const store = makeStore(dir);
    expect(await store.load()).toEqual({ items: [] });
    await store.save({ items: ['a'] });
    expect(JSON.parse(readFileSync(store.file, 'utf8'))).toEqual({ version: 2, data: { items: ['a'] } });
    expect(await makeStore(dir).load()).toEqual({ items: ['a'] });
  });

  it('writes atomically: a concurrent reader only ever sees a complete file, and no temp file stays', async () => {
    const dir = makeTempDir();
    const store = makeStore(dir);
    await store.save({ items: ['seed'] });
    const big = (n: number): Data => ({ items: Array.from({ length: 20_000 }, (_, i) => `item ${n} ${i}`) });
    let writing = true;
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(store.file, 'utf8');
        JSON.parse(text); // throws on a torn write
        reads++;
      }
    })();
    await Promise.all(Array.from({ length: 15 }, (_, n) => store.save(big(n))));
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('lets the last of many concurrent saves win', async () => {
    const dir = makeTempDir();
    const store = makeStore(dir);
    const saves = Array.from({ length: 40 }, (_, n) => store.save({ items: [`v${n}`] }));
    await Promise.all(saves);
    expect(await makeStore(dir).load()).toEqual({ items: ['v39'] });
  });

  it('migrates an older version (and a file without version as version 0)', async () => {
    const dir = makeTempDir();
    const calls: Array<[unknown, number]> = [];
    const migrate = (data: unknown, fromVersion: number): unknown => {
      calls.push([data, fromVersion]);
      return { items: (data as { names: string[] }).names };
    };
    const file = path.join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ version: 1, data: { names: ['x', 'y'] } }));
    expect(await makeStore(dir, { migrate }).load()).toEqual({ items: ['x', 'y'] });
    writeFileSync(file, JSON.stringify({ data: { names: ['z'] } }));
    expect(await makeStore(dir, { migrate }).load()).toEqual({ items: ['z'] });
    expect(calls).toEqual([
      [{ names: ['x', 'y'] }, 1],
      [{ names: ['z'] }, 0],
    ]);
  });

  it.each([
    ['unparseable JSON', '{"version": 2, "data": {'],
    ['data that fails the schema', JSON.stringify({ version: 2, data: { items: 'not an array' } })],
    ['an older version without a migration', JSON.stringify({ version: 1, data: { items: 42 } })],
  ])('moves a file with %s aside and starts from the defaults', async (_label, content) => {
    const dir = makeTempDir();
    const file = path.join(dir, 'state.json');
    writeFileSync(file, content);
    expect(await makeStore(dir).load()).toEqual({ items: [] });
    const names = readdirSync(dir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^state\.json\.corrupt-\d+-[0-9a-f]{6}$/);
    expect(readFileSync(path.join(dir, names[0] ?? ''), 'utf8')).toBe(content);
  });

  it('does not destroy a file written by a newer version: it is moved aside, defaults are used', async () => {
    const dir = makeTempDir();
    const content = JSON.stringify({ version: 3, data: { items: ['from the future'] } });
    writeFileSync(path.join(dir, 'state.json'), content);
    expect(await makeStore(dir).load()).toEqual({ items: [] });
    const names = readdirSync(dir);
    expect(names).toEqual([expect.stringMatching(/^state\.json\.corrupt-\d+-[0-9a-f]{6}$/)]);
    expect(readFileSync(path.join(dir, names[0] ?? ''), 'utf8')).toBe(content);
  });
});
