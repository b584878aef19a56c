/**
 * The peer to beat, ccusage, installed on demand into a cache folder outside the project.
 *
 * Not a devDependency: ccusage 20 ships its engine as per-platform optional packages, and a
 * registry mirror that lacks some platforms' packages makes `npm ci` of the whole project fail.
 * The benchmark installs the pinned version itself, once, and says so when it cannot.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The version measured against; change it here to compare with another release. */
export const CCUSAGE_VERSION = '20.0.24';

export async function installCcusage(): Promise<{ bin: string } | { error: string }> {
  const prefix = path.join(os.tmpdir(), 'ao-bench-peers', `ccusage-${CCUSAGE_VERSION}`);
  const bin = path.join(prefix, 'node_modules', '.bin', 'ccusage');
  if (existsSync(bin)) return { bin };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `ccusage@${CCUSAGE_VERSION}`];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(npm, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', () => resolve(null));
    child.on('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0 || !existsSync(bin)) return { error: `npm ${args.join(' ')} failed (exit ${code})` };
  return { bin };
}
