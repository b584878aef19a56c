#!/usr/bin/env node
/**
 * `npm start`: the desktop app when an Electron binary is available, otherwise web mode.
 *
 * No Electron binary can be downloaded on some machines (see docs/architecture.md); there the
 * app says so in one line and runs `agent-orchestrator serve --open`, the same UI in a browser.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, buildElectron, buildRenderer, cliBundleIsCurrent } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time below a folder (0 when it does not exist). */
async function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? await newest(full) : (await stat(full)).mtimeMs);
  }
  return latest;
}

async function isStale(output, ...sources) {
  const built = await stat(output).then((s) => s.mtimeMs, () => 0);
  if (built === 0) return true;
  for (const source of sources) if ((await newest(path.join(root, source))) > built) return true;
  return false;
}

if (await isStale(path.join(root, 'dist/renderer/index.html'), 'src/renderer', 'src/shared')) {
  console.log('Building the web UI…');
  await buildRenderer();
}

let electron = null;
let reason = 'no Electron binary is installed';
try {
  const { findElectronBinary, electronUnavailableReason } = await import('./electron-binary.mjs');
  electron = await findElectronBinary();
  if (!electron && electronUnavailableReason) reason = await electronUnavailableReason();
} catch {
  /* the detector is missing: treat as no binary */
}

// The engine always runs bundled (never through tsx): it starts faster and uses less memory.
if (!(await cliBundleIsCurrent())) {
  console.log('Building the engine…');
  await buildCli();
}

const args = process.argv.slice(2);
let child;
if (electron) {
  await buildElectron();
  child = spawn(electron, [root, ...args], { stdio: 'inherit' });
} else {
  console.log(`No Electron binary available (${reason}); starting web mode in your browser.`);
  // The engine's Node flags, as the desktop app passes them (ENGINE_NODE_FLAGS in
  // src/main/electron/decisions/app-paths.ts; a unit test keeps the two the same).
  child = spawn(process.execPath, ['--max-semi-space-size=2', path.join(root, 'bin', 'agent-orchestrator'), 'serve', '--open', ...args], {
    stdio: 'inherit',
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
