#!/usr/bin/env node
/**
 * Pack the desktop app for Linux against a stub Electron and check what would ship.
 *
 * Real installers need an Electron binary, which cannot be downloaded everywhere; the `dir`
 * target with `electronDist` pointing at a stub still runs electron-builder's whole file
 * pipeline (asar, unpacking, dependency collection), which is where packaging goes wrong.
 * Checked:
 * - the shell, preload and renderer are in the archive; the engine (dist/cli) and node-pty's
 *   native module are unpacked next to it;
 * - no sources (src/, tests, .ts, source maps) and no node_modules but node-pty (both bundles
 *   inline every other package), so no dev dependency;
 * - the unpacked engine really starts from the package layout (plain Node stands in for
 *   Electron-as-Node) and prints its ready line;
 * - the size, reported and held under a budget.
 *
 * Needs `npm run build` first. Writes `.test-reports/package.json` ({ passed, failed, checks,
 * sizes }) for `npm test`. Usage: node scripts/check-package.mjs [--keep]
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// electron-builder's own archive reader (a dependency of electron-builder, not of the app).
const asar = require('@electron/asar');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const keep = process.argv.includes('--keep');

/** Archive + unpacked files together; today ~7 MB without Electron itself. */
const SIZE_BUDGET_BYTES = 25 * 1024 * 1024;
const EXECUTABLE = 'agent-orchestrator-desktop';

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
  });
}

async function sizeOf(target) {
  const info = await stat(target);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(target)) total += await sizeOf(path.join(target, entry));
  return total;
}

async function exists(target) {
  return stat(target).then(
    () => true,
    () => false,
  );
}

/** Start the packaged engine and wait for its ready line. */
function startsFromPackage(entry, home) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, 'serve', '--port', '0', '--ready-json', '--exit-with-stdin'], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, AGENT_ORCHESTRATOR_HOME: path.join(home, 'data') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => finish(false, 'no ready line within 30 s'), 30_000);
    const finish = (ok, detail) => {
      clearTimeout(timer);
      child.stdin.end();
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
      resolve({ ok, detail });
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"type":"ready"')) finish(true, line);
    });
    child.on('exit', (code) => finish(false, `exited with ${code}: ${stderr.slice(-500)}`));
  });
}

const work = await mkdtemp(path.join(os.tmpdir(), 'ao-package-'));
const stub = path.join(work, 'electron-stub');
await mkdir(stub);
// electron-builder copies the dist and renames `electron` to the executable name.
await writeFile(path.join(stub, 'electron'), '#!/bin/sh\necho "stub Electron: packaging check only" >&2\nexit 1\n');
await chmod(path.join(stub, 'electron'), 0o755);
const out = path.join(work, 'release');

const checks = [];
const check = (name, ok, detail = '') => {
  checks.push({ name, ok, detail });
  console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? ` (${detail})` : ''}`);
};

const started = Date.now();
const builder = await run(path.join(root, 'node_modules', '.bin', 'electron-builder'), [
  '--linux',
  'dir',
  '--publish',
  'never',
  `-c.electronDist=${stub}`,
  `-c.directories.output=${out}`,
]);
check('electron-builder packs --linux dir against the stub', builder.code === 0, builder.code === 0 ? `${Date.now() - started} ms` : builder.output.slice(-2000));

const appDir = path.join(out, 'linux-unpacked');
const resources = path.join(appDir, 'resources');
const archive = path.join(resources, 'app.asar');
const unpacked = path.join(resources, 'app.asar.unpacked');
let sizes = null;
if (builder.code === 0) {
  const files = asar.listPackage(archive, { isPack: false }).map((file) => file.split(path.sep).join('/'));
  const has = (file) => files.includes(file);
  check(`the executable is ${EXECUTABLE}`, await exists(path.join(appDir, EXECUTABLE)));
  for (const file of ['/package.json', '/dist/electron/main.cjs', '/dist/preload/index.cjs', '/dist/renderer/index.html', '/assets/icon.png']) {
    check(`archive has ${file}`, has(file));
  }
  for (const file of ['dist/cli/index.mjs', 'dist/cli/usage-worker.mjs', 'node_modules/node-pty/lib/index.js', 'node_modules/node-pty/build/Release/pty.node']) {
    check(`unpacked: ${file}`, await exists(path.join(unpacked, file)));
  }
  const unpackedFiles = [];
  const walk = async (dir, prefix) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const relative = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), relative);
      else unpackedFiles.push(relative);
    }
  };
  await walk(unpacked, '');
  const everything = [...files, ...unpackedFiles];
  const sources = everything.filter((file) => /^\/(src|test|bench|docs|scripts)\//.test(file) || /\.(ts|tsx|map)$/.test(file));
  check('no sources, tests or source maps', sources.length === 0, sources.slice(0, 5).join(', '));
  const modules = [...new Set(everything.map((file) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean))];
  check('node_modules holds node-pty only (everything else is bundled)', modules.length === 1 && modules[0] === 'node-pty', modules.join(', '));
  const devDeps = modules.filter((name) => name in (pkg.devDependencies ?? {}));
  check('no dev dependency shipped', devDeps.length === 0, devDeps.join(', '));

  const home = path.join(work, 'home');
  await mkdir(home);
  const engine = await startsFromPackage(path.join(unpacked, 'dist', 'cli', 'index.mjs'), home);
  check('the unpacked engine starts from the package layout (node-pty resolves)', engine.ok, engine.ok ? '' : engine.detail);

  sizes = { archiveBytes: await sizeOf(archive), unpackedBytes: await sizeOf(unpacked) };
  const total = sizes.archiveBytes + sizes.unpackedBytes;
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  check(
    `app size under ${mb(SIZE_BUDGET_BYTES)}`,
    total <= SIZE_BUDGET_BYTES,
    `app.asar ${mb(sizes.archiveBytes)} + unpacked ${mb(sizes.unpackedBytes)} = ${mb(total)}, without Electron`,
  );
}

const passed = checks.filter((c) => c.ok).length;
const failed = checks.length - passed;
const reports = path.join(root, '.test-reports');
await mkdir(reports, { recursive: true });
await writeFile(path.join(reports, 'package.json'), JSON.stringify({ passed, failed, checks, sizes }, null, 2));
console.log(JSON.stringify({ package: { passed, failed, sizes } }));
if (keep) console.log(`kept ${out}`);
else await rm(work, { recursive: true, force: true });
process.exitCode = failed === 0 ? 0 : 1;
