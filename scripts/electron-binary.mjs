#!/usr/bin/env node
/**
 * Find a usable Electron executable without ever triggering a download.
 *
 * Since Electron 42, `require('electron')` downloads the binary on first use when it is missing,
 * which hangs or fails on machines without GitHub access. This module reproduces only the
 * *lookup* half of `node_modules/electron/index.js`:
 * - `ELECTRON_OVERRIDE_DIST_PATH` set → `<that dir>/<path.txt or platform default>`;
 * - otherwise `node_modules/electron/dist/<path.txt>` (path.txt is written by the download).
 * A candidate counts only if it exists, is executable, and answers
 * `ELECTRON_RUN_AS_NODE=1 <binary> -e "…"` with an Electron version (a binary that is present but
 * cannot start, e.g. missing shared libraries, is as good as none).
 *
 * As a script: prints the path (or nothing) on stdout and always exits 0; `--why` also prints the
 * reason to stderr. `npm start` uses it to choose between the desktop app and web mode.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How long `<binary> -e …` may take; a cold start of Electron-as-Node is well under a second. */
const PROBE_TIMEOUT_MS = 15_000;

/** The executable's path inside Electron's dist folder, as install.js names it per platform. */
function defaultPlatformPath(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** The electron package's folder, resolved via its package.json (which, unlike index.js, runs nothing). */
function electronPackageDir(fromDir) {
  try {
    const require = createRequire(path.join(fromDir, 'noop.js'));
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

async function readPathTxt(packageDir) {
  if (packageDir === null) return null;
  try {
    return (await readFile(path.join(packageDir, 'path.txt'), 'utf8')).trim() || null;
  } catch {
    return null;
  }
}

/** Run the binary as Node and ask for Electron's version; resolves the version or an error text. */
function probeVersion(binary) {
  return new Promise((resolve) => {
    execFile(
      binary,
      ['-e', 'process.stdout.write(String(process.versions.electron ?? ""))'],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: PROBE_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => {
        const version = String(stdout).trim();
        if (error) resolve({ ok: false, why: `${binary} did not run: ${String(stderr).trim() || error.message}` });
        else if (!/^\d+\.\d+\.\d+/.test(version)) resolve({ ok: false, why: `${binary} is not Electron (printed "${version}")` });
        else resolve({ ok: true, version });
      },
    );
  });
}

/**
 * Look for a runnable Electron binary and say why when there is none.
 *
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options] where to resolve `electron` from
 *   (default: the repository root) and the environment to read `ELECTRON_OVERRIDE_DIST_PATH` from.
 * @returns {Promise<{ path: string | null, reason: string, version?: string }>}
 */
export async function probeElectronBinary(options = {}) {
  const cwd = options.cwd ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const env = options.env ?? process.env;
  const packageDir = electronPackageDir(cwd);
  const pathTxt = await readPathTxt(packageDir);

  let candidate;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    candidate = path.join(override, pathTxt ?? defaultPlatformPath());
  } else if (packageDir === null) {
    return { path: null, reason: 'the electron package is not installed (node_modules/electron is missing)' };
  } else if (pathTxt === null) {
    return {
      path: null,
      reason:
        'node_modules/electron/path.txt is missing: the binary was never downloaded ' +
        '(Electron >= 42 fetches it from GitHub on first require, which this machine cannot reach)',
    };
  } else {
    candidate = path.join(packageDir, 'dist', pathTxt);
  }

  try {
    await access(candidate, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
  } catch {
    const where = override ? `ELECTRON_OVERRIDE_DIST_PATH=${override}` : 'node_modules/electron/dist';
    return { path: null, reason: `${candidate} does not exist or is not executable (from ${where})` };
  }
  const probe = await probeVersion(candidate);
  if (!probe.ok) return { path: null, reason: probe.why };
  return { path: candidate, reason: `Electron ${probe.version} at ${candidate}`, version: probe.version };
}

/**
 * The path of a runnable Electron executable, or null. Never downloads anything.
 *
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<string | null>}
 */
export async function findElectronBinary(options) {
  return (await probeElectronBinary(options)).path;
}

/**
 * Why there is no usable Electron binary, in one line (for `npm start`'s web-mode notice);
 * null when there is one.
 *
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<string | null>}
 */
export async function electronUnavailableReason(options) {
  const result = await probeElectronBinary(options);
  return result.path === null ? result.reason : null;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await probeElectronBinary();
  if (result.path !== null) process.stdout.write(`${result.path}\n`);
  if (process.argv.includes('--why')) process.stderr.write(`${result.path === null ? 'no Electron binary: ' : ''}${result.reason}\n`);
}
