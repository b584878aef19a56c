import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineServeArgs, resolveAppPaths } from '../../../../src/main/electron/decisions/app-paths.ts';

describe('resolveAppPaths', () => {
  it('finds every part relative to the bundled main script, packaged or not', () => {
    const root = path.resolve('/opt/ao/resources/app.asar');
    const paths = resolveAppPaths(path.join(root, 'dist', 'electron'));
    expect(paths.root).toBe(root);
    expect(paths.preload).toBe(path.join(root, 'dist', 'preload', 'index.cjs'));
    expect(paths.rendererIndex).toBe(path.join(root, 'dist', 'renderer', 'index.html'));
    expect(paths.engineEntry).toBe(path.join(root, 'dist', 'cli', 'index.mjs'));
    expect(paths.rendererUrl).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html$/);
  });
});

describe('engineServeArgs', () => {
  it('starts a loopback engine on a random port that accepts the file:// renderer, prints JSON and dies with its parent', () => {
    const args = engineServeArgs('/app/dist/cli/index.mjs');
    expect(args[0]).toBe('/app/dist/cli/index.mjs');
    expect(args.slice(1)).toEqual(['serve', '--port', '0', '--host', '127.0.0.1', '--allow-origin', 'file://', '--ready-json', '--exit-with-stdin']);
  });
});
