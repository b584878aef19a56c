/**
 * The installed git version, probed once per engine process.
 *
 * Some features the engine relies on need a minimum version (`worktree list -z` needs 2.36, see
 * docs/git-techniques.md §7); the engine reports the version in `engine.info` and picks code paths
 * from it instead of failing mid-operation.
 */
import path from 'node:path';
import { git, GitSpawnError } from './core.ts';

/** Oldest git whose `worktree list --porcelain -z` output the engine can parse. */
export const MIN_GIT_VERSION = '2.36.0';

let cached: Promise<string | null> | undefined;

/**
 * The installed git's version ("2.39.5"), or null when git is missing or unrecognisable.
 *
 * Cached for the life of the process: git is not upgraded under a running engine often enough to
 * justify a spawn per question.
 */
export function gitVersion(): Promise<string | null> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<string | null> {
  try {
    // Any existing directory will do. The file-system root always exists, unlike the engine's own
    // cwd (which may have been deleted) or $HOME (absent in some containers).
    const result = await git(['--version'], { cwd: path.parse(process.execPath).root, label: 'version' });
    return result.exitCode === 0 ? parseGitVersion(result.stdout) : null;
  } catch (error) {
    if (error instanceof GitSpawnError) return null;
    throw error;
  }
}

/**
 * Extract "2.39.5" from `git --version` output.
 *
 * Vendor suffixes are dropped: "git version 2.39.5 (Apple Git-154)" and "2.45.1.windows.1" both
 * yield their numeric part.
 */
export function parseGitVersion(output: string): string | null {
  const match = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  return `${match[1]}.${match[2]}.${match[3] ?? '0'}`;
}

/** Whether `version` ("2.39.5") is at least `minimum` ("2.36.0"), comparing numerically. */
export function isGitVersionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** What the installed git can do, decided once from its version. */
export interface GitCapabilities {
  /** "2.39.5", or null when git is missing. */
  readonly version: string | null;
  /** The engine can work at all (≥ {@link MIN_GIT_VERSION}). */
  readonly supported: boolean;
  /** `for-each-ref --format=%(ahead-behind:<base>)` (git ≥ 2.41): ahead/behind of all refs in one walk. */
  readonly aheadBehindFormat: boolean;
  /** `merge-tree --write-tree --merge-base=<c>` (git ≥ 2.40). */
  readonly mergeTreeMergeBase: boolean;
}

/** Capabilities of a git version (pure, so every path is testable on any installed git). */
export function capabilitiesOf(version: string | null): GitCapabilities {
  return {
    version,
    supported: version !== null && isGitVersionAtLeast(version, MIN_GIT_VERSION),
    aheadBehindFormat: version !== null && isGitVersionAtLeast(version, '2.41.0'),
    mergeTreeMergeBase: version !== null && isGitVersionAtLeast(version, '2.40.0'),
  };
}

/** The installed git's capabilities (probed once per process). */
export async function gitCapabilities(): Promise<GitCapabilities> {
  return capabilitiesOf(await gitVersion());
}

/**
 * The engine's start-up check: null when git is fine, else one sentence saying what is wrong and
 * what to do (the composition root prints it; `engine.info` carries the version).
 */
export async function gitVersionProblem(): Promise<string | null> {
  const version = await gitVersion();
  if (version === null) return `git was not found on PATH; Agent Orchestrator needs git ${MIN_GIT_VERSION} or newer.`;
  if (!isGitVersionAtLeast(version, MIN_GIT_VERSION)) {
    return `git ${version} is too old; Agent Orchestrator needs git ${MIN_GIT_VERSION} or newer (worktree listing and merge simulation fail on older versions). Please upgrade git.`;
  }
  return null;
}
