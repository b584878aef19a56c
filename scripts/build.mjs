#!/usr/bin/env node
/**
 * `npm run build`: the web UI (Vite), the bundled CLI/engine for the desktop app (esbuild), and
 * the Electron shell and preload (scripts/build-electron.mjs).
 *
 * Usage: node scripts/build.mjs [renderer|cli|electron …]  (default: all)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}`))));
    child.on('error', reject);
  });
}

export async function buildRenderer() {
  await run(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn']);
}

/** Where the bundled CLI goes, and the stamp that says which sources it was built from. */
export const CLI_OUT_DIR = path.join(root, 'dist', 'cli');
export const CLI_STAMP = path.join(CLI_OUT_DIR, 'build-stamp.json');

/**
 * The CLI (and with it the engine) as ESM for the desktop package and for `bin/agent-orchestrator`.
 * Every npm package is bundled except node-pty (native), so the packaged app loads nothing else
 * from node_modules inside the asar when Electron runs it as Node.
 *
 * Code splitting: every dynamic `import()` (each CLI command, the engine behind a one-shot
 * command) becomes its own chunk beside `index.mjs`, so a command loads only its own code.
 * Chunks stay in the same folder as the entry: code that finds its workers and the web UI
 * through `import.meta.url` works from any chunk.
 *
 * Worker threads (the usage backfill, the terminal mirror, the branch graph) are entries of the
 * same build, so they share chunks with the engine instead of carrying their own copy of it.
 *
 * The stamp lists the project's source files the bundle was built from, and the newest of their
 * modification times; `bin/agent-orchestrator` runs the bundle only while no listed file is newer
 * (one `stat` per file, a few milliseconds), and the sources through tsx otherwise.
 *
 * `outDir` builds elsewhere (test/integration/cli/cli-start-imports.test.ts checks, in a build of
 * its own, which modules each command loads); the result is esbuild's metafile of the CLI build,
 * which says which sources each chunk holds.
 */
/**
 * `extraEntries` adds entry points to the same bundle (benchmarks build their engine host this
 * way, so it runs the code the app runs, not tsx's on-the-fly compilation).
 */
export async function buildCli({ outDir = CLI_OUT_DIR, extraEntries = {} } = {}) {
  const esbuild = await import('esbuild');
  const { rm, stat, writeFile } = await import('node:fs/promises');
  await rm(outDir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // esbuild is only imported from sources (node-programs.ts bundles the engine's programs there).
    external: ['node-pty', 'esbuild'],
    // Bundled CommonJS dependencies call require(); give every ESM chunk one.
    banner: { js: "import { createRequire as __aoCreateRequire } from 'node:module'; const require = __aoCreateRequire(import.meta.url);" },
    entryPoints: {
      index: 'src/main/cli/entry.ts',
      'usage-worker': 'src/main/engine/usage/scan/usage-worker.ts',
      'mirror-worker': 'src/main/engine/terminals/mirror/mirror-worker.ts',
      // The branch graph's git read and lane layout.
      'graph-worker': 'src/main/engine/graph/graph-worker.ts',
      ...extraEntries,
    },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  // Programs the engine spawns as processes of their own (src/main/engine/programs/node-programs.ts):
  // one self-contained file each, beside the CLI.
  const programs = {
    'ao-hook': 'src/main/engine/agents/hooks/ao-hook.ts',
    'follow-log': 'src/main/engine/bootstrap/follow-log.ts',
  };
  const inputs = new Set(Object.keys(result.metafile.inputs));
  for (const [name, entry] of Object.entries(programs)) {
    const program = await esbuild.build({
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['node-pty'],
      banner: { js: "import { createRequire as __aoCreateRequire } from 'node:module'; const require = __aoCreateRequire(import.meta.url);" },
      entryPoints: [entry],
      outfile: path.join(outDir, `${name}.mjs`),
      metafile: true,
      logLevel: 'warning',
    });
    for (const input of Object.keys(program.metafile.inputs)) inputs.add(input);
  }
  const sources = [...inputs]
    .filter((input) => !input.includes('node_modules/') && !input.startsWith('<'))
    .concat(['package.json', 'package-lock.json'].filter((file) => existsSync(path.join(root, file))));
  let newest = 0;
  for (const source of sources) newest = Math.max(newest, (await stat(path.join(root, source))).mtimeMs);
  await writeFile(path.join(outDir, path.basename(CLI_STAMP)), JSON.stringify({ version: 1, newestSourceMtimeMs: newest, sources }) + '\n');
  return result.metafile;
}

/** Whether dist/cli is present and no source it was built from changed since (as bin/ checks). */
export async function cliBundleIsCurrent() {
  const { readFile, stat } = await import('node:fs/promises');
  try {
    const stamp = JSON.parse(await readFile(CLI_STAMP, 'utf8'));
    if (stamp.version !== 1 || !existsSync(path.join(CLI_OUT_DIR, 'index.mjs'))) return false;
    for (const source of stamp.sources) {
      if ((await stat(path.join(root, source))).mtimeMs > stamp.newestSourceMtimeMs) return false;
    }
    return true;
  } catch {
    return false;
  }
}

export async function buildElectron() {
  const script = path.join(root, 'scripts', 'build-electron.mjs');
  if (existsSync(script)) await run(process.execPath, [script]);
}

const STEPS = { renderer: buildRenderer, cli: buildCli, electron: buildElectron };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(STEPS);
  for (const name of names) {
    if (!STEPS[name]) {
      console.error(`unknown build step '${name}'`);
      process.exit(2);
    }
    await STEPS[name]();
  }
}
