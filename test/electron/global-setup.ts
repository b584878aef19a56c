/**
 * Runs once before the Electron suite: prints why it skips, or makes sure the app is built.
 *
 * The reason is printed here (once, in the runner process) rather than from the spec, which
 * Playwright loads in several processes; the spec still records it via `test.skip(…, reason)`
 * so the JSON report carries it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronAvailability } from './electron-availability.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** What the app needs from `npm run build`. */
const BUILD_OUTPUTS = ['dist/electron/main.cjs', 'dist/preload/index.cjs', 'dist/cli/index.mjs', 'dist/renderer/index.html'];

export default async function globalSetup(): Promise<void> {
  const availability = await electronAvailability();
  if (availability.skipReason !== null) {
    console.log(`\nElectron suite skipped: ${availability.skipReason}\n`);
    return;
  }
  const missing = BUILD_OUTPUTS.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length === 0) return;
  console.log(`Electron suite: building the app (missing ${missing.join(', ')})`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    child.on('exit', resolve);
    child.on('error', () => resolve(1));
  });
  if (code !== 0) throw new Error(`npm run build failed (exit ${code}); the Electron suite needs dist/`);
}
