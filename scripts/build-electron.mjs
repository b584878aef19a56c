#!/usr/bin/env node
/**
 * Bundle the Electron shell: main process → dist/electron/main.cjs, preload → dist/preload/index.cjs.
 *
 * Runs under plain Node and never loads `electron` (it stays external), so it works on machines
 * without an Electron binary.
 *
 * Why bundles:
 * - electron-store and conf are ESM-only; esbuild inlines them into the CommonJS main bundle, so
 *   package.json `main` can stay `dist/electron/main.cjs` and the packaged app needs neither (both
 *   are devDependencies and are not shipped as node_modules).
 * - a sandboxed preload can only `require('electron')`, so it must be one self-contained file.
 *
 * After building, the metafiles are checked: the main bundle may only require `electron` and
 * Node built-ins, the preload only `electron`. Anything else would crash only in the packaged app.
 *
 * Usage: node scripts/build-electron.mjs [--sourcemap] [--out-dir <dir>]
 * (`--out-dir` replaces `dist`, for tests that assemble an app in a temporary folder).
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourcemap = process.argv.includes('--sourcemap') ? 'linked' : false;
const outDirFlag = process.argv.indexOf('--out-dir');
const outDir = path.resolve(root, outDirFlag === -1 ? 'dist' : (process.argv[outDirFlag + 1] ?? 'dist'));

/** Electron 45 ships Node 22; its renderer is a current Chromium. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome130';

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** @param {import('esbuild').Metafile} metafile @param {(name: string) => boolean} allowed */
function externalImports(metafile, allowed) {
  const bad = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !allowed(imported.path)) bad.add(imported.path);
    }
  }
  return [...bad];
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  external: ['electron'],
  sourcemap,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const [main, preload] = await Promise.all([
  build({
    ...common,
    entryPoints: ['src/main/electron/main.ts'],
    outfile: path.join(outDir, 'electron', 'main.cjs'),
    platform: 'node',
    target: NODE_TARGET,
  }),
  build({
    ...common,
    entryPoints: ['src/preload/index.ts'],
    outfile: path.join(outDir, 'preload', 'index.cjs'),
    // 'browser' makes esbuild refuse Node built-ins, which a sandboxed preload cannot load.
    platform: 'browser',
    target: CHROME_TARGET,
  }),
]);

const problems = [
  ...externalImports(main.metafile, (name) => name === 'electron' || builtins.has(name)).map(
    (name) => `dist/electron/main.cjs requires "${name}" at runtime (only electron and Node built-ins are allowed)`,
  ),
  ...externalImports(preload.metafile, (name) => name === 'electron').map(
    (name) => `dist/preload/index.cjs requires "${name}" (a sandboxed preload can only require electron)`,
  ),
];
if (problems.length > 0) {
  for (const problem of problems) console.error(`build-electron: ${problem}`);
  process.exit(1);
}
const shown = path.relative(root, outDir) || '.';
console.log(`build-electron: ${shown}/electron/main.cjs, ${shown}/preload/index.cjs`);
