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

/**
 * The CLI (and with it the engine) as one ESM file for the desktop package. Every npm package is
 * bundled except node-pty (native), so the packaged app loads nothing else from node_modules
 * inside the asar when Electron runs it as Node.
 */
export async function buildCli() {
  const esbuild = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // esbuild is only imported from sources (node-programs.ts bundles the engine's programs there).
    external: ['node-pty', 'esbuild'],
    // Bundled CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __aoCreateRequire } from 'node:module'; const require = __aoCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  };
  await esbuild.build({
    ...common,
    stdin: {
      contents: "import { main } from './src/main/cli/index.ts';\nprocess.exitCode = await main(process.argv.slice(2));\n",
      resolveDir: root,
      sourcefile: 'cli-entry.ts',
      loader: 'ts',
    },
    outfile: path.join(root, 'dist', 'cli', 'index.mjs'),
  });
  // Programs of their own, which the bundled CLI looks for beside itself: the usage backfill's
  // worker thread, the agents' status-hook helper and the setup-log follower
  // (src/main/engine/programs/node-programs.ts).
  const programs = {
    'usage-worker': 'src/main/engine/usage/scan/usage-worker.ts',
    'ao-hook': 'src/main/engine/agents/hooks/ao-hook.ts',
    'follow-log': 'src/main/engine/bootstrap/follow-log.ts',
    // The branch graph's git read and lane layout.
    'graph-worker': 'src/main/engine/graph/graph-worker.ts',
  };
  for (const [name, entry] of Object.entries(programs)) {
    await esbuild.build({ ...common, entryPoints: [path.join(root, entry)], outfile: path.join(root, 'dist', 'cli', `${name}.mjs`) });
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
