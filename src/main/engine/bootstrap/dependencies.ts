/**
 * Dependencies of a new worktree: which package managers the project uses, and the fast path of
 * cloning the main checkout's dependency folder instead of installing.
 *
 * The clone is copy-on-write where the file system supports it (reflink on Btrfs/XFS, clonefile
 * on APFS): instant, no extra disk until a file changes, and every file independent of the main
 * checkout's. Files are never hard-linked: package managers rewrite files in place (npm
 * `package.json` fields, Python `.pyc`, cargo fingerprints), and a hard link would change the main
 * checkout's copy too. Where CoW is unsupported, a parallel full copy within a size and
 * free-space budget takes its place (`dependency-folder.ts`), else an install.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, cp, lstat, readdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathExists as exists } from '../fs/index.ts';

/** One ecosystem found in a checkout. */
export interface Ecosystem {
  /** Package manager: npm, pnpm, yarn, bun, uv, poetry, pip, cargo, go. */
  readonly manager: string;
  /** The lockfile (or manifest) that identified it, relative to the checkout. */
  readonly lockfile: string;
  /** The folder the install fills, relative to the checkout; null when it lives outside (Go). */
  readonly depDir: string | null;
  /** Commands (argument arrays, never a shell string) that install from the lockfile. */
  readonly install: readonly (readonly string[])[];
}

interface Rule {
  manager: string;
  files: readonly string[];
  depDir: string | null;
  install: (checkout: string) => Promise<string[][]>;
}

const py = process.platform === 'win32' ? 'python' : 'python3';
const venvPython = process.platform === 'win32' ? path.join('.venv', 'Scripts', 'python.exe') : path.join('.venv', 'bin', 'python');

/** One group per language; within a group the first rule whose file exists wins. */
const GROUPS: readonly (readonly Rule[])[] = [
  [
    { manager: 'pnpm', files: ['pnpm-lock.yaml'], depDir: 'node_modules', install: async () => [['pnpm', 'install', '--frozen-lockfile', '--prefer-offline']] },
    {
      manager: 'yarn',
      files: ['yarn.lock'],
      depDir: 'node_modules',
      // Yarn 2+ (a .yarnrc.yml) spells "frozen" --immutable.
      install: async (checkout) =>
        (await exists(path.join(checkout, '.yarnrc.yml')))
          ? [['yarn', 'install', '--immutable']]
          : [['yarn', 'install', '--frozen-lockfile', '--prefer-offline']],
    },
    { manager: 'bun', files: ['bun.lock', 'bun.lockb'], depDir: 'node_modules', install: async () => [['bun', 'install', '--frozen-lockfile']] },
    {
      manager: 'npm',
      files: ['package-lock.json', 'npm-shrinkwrap.json'],
      depDir: 'node_modules',
      install: async () => [['npm', 'ci', '--prefer-offline', '--no-audit', '--no-fund']],
    },
    { manager: 'npm', files: ['package.json'], depDir: 'node_modules', install: async () => [['npm', 'install', '--prefer-offline', '--no-audit', '--no-fund']] },
  ],
  [
    { manager: 'uv', files: ['uv.lock'], depDir: '.venv', install: async () => [['uv', 'sync', '--frozen']] },
    { manager: 'poetry', files: ['poetry.lock'], depDir: '.venv', install: async () => [['poetry', 'install', '--no-interaction']] },
    {
      manager: 'pip',
      files: ['requirements.txt'],
      depDir: '.venv',
      install: async () => [
        [py, '-m', 'venv', '.venv'],
        [venvPython, '-m', 'pip', 'install', '--disable-pip-version-check', '-r', 'requirements.txt'],
      ],
    },
  ],
  [{ manager: 'cargo', files: ['Cargo.lock'], depDir: 'target', install: async () => [['cargo', 'fetch']] }],
  [{ manager: 'go', files: ['go.sum', 'go.mod'], depDir: null, install: async () => [['go', 'mod', 'download']] }],
];

/** The ecosystems of the checkout at `checkout`, from its lockfiles (at most one per language). */
export async function detectEcosystems(checkout: string): Promise<Ecosystem[]> {
  const found: Ecosystem[] = [];
  for (const group of GROUPS) {
    for (const rule of group) {
      const file = await firstExisting(checkout, rule.files);
      if (file === null) continue;
      found.push({ manager: rule.manager, lockfile: file, depDir: rule.depDir, install: await rule.install(checkout) });
      break;
    }
  }
  return found;
}

/** Whether two files have the same bytes (false when either is missing). */
export async function sameContent(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([readFile(a).catch(() => null), readFile(b).catch(() => null)]);
  return x !== null && y !== null && x.equals(y);
}

/**
 * Whether a copy-on-write clone from `sampleFile` into `targetDir` works (same file system, and one
 * that supports it). Probed with a real clone of one file, which is the only reliable test.
 */
export async function supportsCopyOnWrite(sampleFile: string, targetDir: string): Promise<boolean> {
  // File systems that never clone (ext2/3/4, tmpfs) are known from one statfs: no probe file to
  // create and delete in the new worktree.
  if (process.platform === 'linux') {
    const type = await statfs(targetDir).then((stats) => stats.type, () => null);
    if (type !== null && NEVER_CLONES_LINUX.has(type)) return false;
  }
  const probe = path.join(targetDir, `.ao-cow-probe-${process.pid}-${Date.now()}`);
  try {
    await copyFile(sampleFile, probe, constants.COPYFILE_FICLONE_FORCE);
    return true;
  } catch {
    return false;
  } finally {
    await rm(probe, { force: true });
  }
}

/** Linux statfs magic numbers of file systems without reflink: ext2/3/4 (one magic), tmpfs. */
const NEVER_CLONES_LINUX: ReadonlySet<number> = new Set([0xef53, 0x01021994]);

/** How a folder was cloned. */
export type CloneMethod = 'cow' | 'copy';

/**
 * Clone the folder `source` to `target` (which must not exist): copy-on-write when `cow`, else a
 * full copy. Symlinks are copied as symlinks, never followed; nothing is hard-linked. A failed
 * (or, through `signal`, cancelled) clone removes what it wrote. Full copies of dependency
 * folders go through `parallel-copy.ts`, which is several times faster on many small files.
 *
 * The system `cp` is used where it exists because it clones a tree several times faster than
 * Node's `fs.cp`, which copies file by file from JavaScript; `fs.cp` is the portable fallback.
 */
export async function cloneTree(source: string, target: string, cow: boolean, signal?: AbortSignal): Promise<boolean> {
  try {
    if (process.platform === 'linux') {
      if ((await spawnQuiet('cp', ['-a', cow ? '--reflink=always' : '--reflink=never', '--', source, target], signal)) === 0) return true;
    } else if (process.platform === 'darwin') {
      if ((await spawnQuiet('cp', [cow ? '-ac' : '-a', '--', source, target], signal)) === 0) return true;
    }
    await rm(target, { recursive: true, force: true });
    if (signal?.aborted) return false;
    await cp(source, target, {
      recursive: true,
      verbatimSymlinks: true,
      errorOnExist: true,
      force: false,
      preserveTimestamps: true,
      ...(cow ? { mode: constants.COPYFILE_FICLONE_FORCE } : {}),
    });
    return true;
  } catch {
    await rm(target, { recursive: true, force: true });
    return false;
  }
}

/**
 * After cloning a Python virtual environment, point it at its new location: the activate scripts
 * and console-script shebangs in its `bin/` carry the absolute path of the venv they were made in.
 */
export async function relocateVenv(oldVenv: string, newVenv: string): Promise<number> {
  const binDir = path.join(newVenv, process.platform === 'win32' ? 'Scripts' : 'bin');
  const entries = await readdir(binDir, { withFileTypes: true }).catch(() => []);
  let changed = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(binDir, entry.name);
    const info = await lstat(file);
    if (info.size > 1_000_000) continue;
    const content = await readFile(file);
    if (content.includes(0)) continue; // binary
    const text = content.toString('utf8');
    if (!text.includes(oldVenv)) continue;
    // Writing replaces the cloned file's blocks: the main checkout's copy is untouched.
    await writeFile(file, text.split(oldVenv).join(newVenv));
    changed++;
  }
  return changed;
}

async function firstExisting(dir: string, files: readonly string[]): Promise<string | null> {
  for (const file of files) if (await exists(path.join(dir, file))) return file;
  return null;
}


function spawnQuiet(command: string, args: readonly string[], signal?: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', windowsHide: true, ...(signal ? { signal } : {}) });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });
}
