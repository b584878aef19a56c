#!/usr/bin/env node
/**
 * `npm run dist`: build everything, then the installers of this platform with electron-builder
 * (electron-builder.yml): Linux AppImage + deb, macOS dmg + zip (hardened runtime; signed and
 * notarized when the usual CSC_* / APPLE_* variables are set), Windows nsis.
 *
 * Extra arguments go to electron-builder (`npm run dist -- --linux deb`, `-- --arm64`).
 * Needs a machine that can download Electron's binary for the target; where none can be
 * downloaded, `npm test` still checks the packaging (scripts/check-package.mjs).
 */
import { spawn } from 'node:child_process';
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

const platformFlag = { darwin: '--mac', win32: '--win', linux: '--linux' }[process.platform];
const extra = process.argv.slice(2);
const targets = extra.some((arg) => ['--mac', '--win', '--linux', '-m', '-w', '-l'].includes(arg)) ? [] : [platformFlag];

try {
  await run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  await run(path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder'), [
    ...targets,
    '--publish',
    'never',
    ...extra,
  ]);
} catch (error) {
  console.error(`dist: ${error.message}`);
  process.exit(1);
}
