import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_NODE_FLAGS, engineServeArgs, resolveAppPaths } from '../../../../src/main/electron/decisions/app-paths.ts';

describe('resolveAppPaths', () => {
  it('finds every part relative to the bundled main script, packaged or not', () => {
    const root = path.resolve('/opt/ao/resources/app.asar');
    const paths = resolveAppPaths(path.join(root, 'dist', 'electron'));
    expect(paths.root).toBe(root);
    expect(paths.preload).toBe(path.join(root, 'dist', 'preload', 'index.cjs'));
    expect(paths.rendererIndex).toBe(path.join(root, 'dist', 'renderer', 'index.html'));
    // The engine runs from the unpacked copy (asarUnpack: dist/cli), never from inside the archive.
    expect(paths.engineEntry).toBe(path.join(`${root}.unpacked`, 'dist', 'cli', 'index.mjs'));
    expect(paths.rendererUrl).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html$/);
  });
});

describe('engineServeArgs', () => {
  it('starts a loopback engine on a random port that accepts the file:// renderer, prints JSON and dies with its parent', () => {
    const args = engineServeArgs('/app/dist/cli/index.mjs');
    expect(args.slice(0, ENGINE_NODE_FLAGS.length)).toEqual([...ENGINE_NODE_FLAGS]);
    const script = args.slice(ENGINE_NODE_FLAGS.length);
    expect(script[0]).toBe('/app/dist/cli/index.mjs');
    expect(script.slice(1)).toEqual(['serve', '--port', '0', '--host', '127.0.0.1', '--allow-origin', 'file://', '--ready-json', '--exit-with-stdin']);
  });

  it("caps the engine's young generation with a flag Node accepts, and npm start's web mode passes the same flags", async () => {
    expect(ENGINE_NODE_FLAGS).toContain('--max-semi-space-size=2');
    // Node refuses a flag it does not know: the engine would not start at all.
    const { execFileSync } = await import('node:child_process');
    // Allocate briskly, keeping some: by default the young generation grows to 32 MB doing this.
    const program = `const v8 = require('v8'); const keep = []; let max = 0;
      for (let i = 0; i < 2e6; i++) { const o = { i, s: 'x' + i }; if (i % 50 === 0) keep.push(o);
        if (i % 50000 === 0) max = Math.max(max, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size); }
      console.log(max);`;
    const newSpace = execFileSync(process.execPath, [...ENGINE_NODE_FLAGS, '-e', program], { encoding: 'utf8' });
    expect(Number(newSpace)).toBeGreaterThan(0);
    expect(Number(newSpace)).toBeLessThanOrEqual(4 * 1024 * 1024);
    const { readFile } = await import('node:fs/promises');
    const start = await readFile(new URL('../../../../scripts/start.mjs', import.meta.url), 'utf8');
    for (const flag of ENGINE_NODE_FLAGS) expect(start).toContain(`'${flag}'`);
  });
});

describe('unpacked', () => {
  it('points into app.asar.unpacked for files inside the archive, and leaves others alone', async () => {
    const { unpacked } = await import('../../../../src/main/electron/decisions/app-paths.ts');
    const { sep, join } = await import('node:path');
    const packed = join(`${sep}opt`, 'AO', 'resources', 'app.asar', 'dist', 'cli', 'index.mjs');
    expect(unpacked(packed)).toBe(join(`${sep}opt`, 'AO', 'resources', 'app.asar.unpacked', 'dist', 'cli', 'index.mjs'));
    expect(unpacked(join(`${sep}repo`, 'dist', 'cli', 'index.mjs'))).toBe(join(`${sep}repo`, 'dist', 'cli', 'index.mjs'));
  });
  it('resolves the engine entry of a packaged app to the unpacked copy', async () => {
    const { resolveAppPaths } = await import('../../../../src/main/electron/decisions/app-paths.ts');
    const { sep, join } = await import('node:path');
    const paths = resolveAppPaths(join(`${sep}opt`, 'AO', 'resources', 'app.asar', 'dist', 'electron'));
    expect(paths.engineEntry).toContain(`app.asar.unpacked${sep}dist${sep}cli`);
    expect(paths.preload).toContain(`app.asar${sep}dist${sep}preload`);
  });
});

describe('engineDataFolder', () => {
  it('is the folder the engine itself uses, on every platform', async () => {
    const { engineDataFolder } = await import('../../../../src/main/electron/decisions/app-paths.ts');
    const { defaultHome } = await import('../../../../src/main/engine/paths.ts');
    const cases: Array<[Record<string, string | undefined>, NodeJS.Platform]> = [
      [{}, 'linux'],
      [{ XDG_CONFIG_HOME: '/x/cfg' }, 'linux'],
      [{}, 'darwin'],
      [{ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32'],
      [{ AGENT_ORCHESTRATOR_HOME: '/data/ao' }, 'darwin'],
      [{ AGENT_ORCHESTRATOR_HOME: '  ' }, 'linux'],
    ];
    for (const [env, platform] of cases) {
      expect(engineDataFolder(env, platform, '/home/ada')).toBe(defaultHome(env, platform, '/home/ada'));
    }
  });
});
