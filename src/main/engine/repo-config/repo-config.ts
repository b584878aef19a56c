/**
 * The repository configuration: `agent-orchestrator.json` at the repository root (shared with the
 * team through git) and a per-user override in the app's data folder, merged field by field.
 *
 * Both files are validated with the strict schema in the protocol; the first problem is reported
 * as INVALID_CONFIG with the file, the dotted field path and what is wrong, and nothing proceeds
 * on a half-understood configuration.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import {
  RepoConfigFileSchema,
  type DependencyMode,
  type RepoConfig,
  type RepoConfigFile,
} from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { DEFAULT_PORT_RANGE } from '../ports/index.ts';
import { describeReadFailure, readBoundedFile, textOf } from '../fs/index.ts';
import { hashConfigBytes } from './config-hash.ts';
import { worktreeDirProblem } from './worktree-dir.ts';

/** Name of the shared file at the repository root. */
export const REPO_CONFIG_FILE = 'agent-orchestrator.json';

/** Where the per-user override of a repository lives: stable for the repository's path. */
export function userConfigPath(home: string, repoPath: string): string {
  const hash = createHash('sha256').update(repoPath).digest('hex').slice(0, 10);
  const base = path.basename(repoPath).replace(/[^\w.-]+/g, '_') || 'repo';
  return path.join(home, 'repo-config', `${base}-${hash}.json`);
}

/** Both files of a repository, the merged configuration, and whether each file exists. */
export interface LoadedRepoConfig {
  config: RepoConfig;
  /**
   * Hash of the shared file's bytes exactly as parsed (or of its absence): what repository trust
   * is pinned to, so the config that runs is the one the user trusted, byte for byte.
   */
  configHash: string;
  files: { repo: { path: string; exists: boolean }; user: { path: string; exists: boolean } };
}

/** Read, validate and merge the repository's configuration (defaults where neither file says). */
export async function loadRepoConfig(repoPath: string, home: string, userHome = os.homedir()): Promise<Result<LoadedRepoConfig>> {
  const repoFile = path.join(repoPath, REPO_CONFIG_FILE);
  const userFile = userConfigPath(home, repoPath);
  const sharedRead = await readConfigFileWithBytes(repoFile);
  if (!sharedRead.ok) return sharedRead;
  const shared = { value: sharedRead.value.config };
  const user = await readConfigFile(userFile);
  if (!user.ok) return user;
  const merged: RepoConfigFile = { ...(shared.value ?? {}), ...(user.value ?? {}) };
  const config = resolveConfig(merged, repoPath, userHome);
  if (!config.ok) {
    // Blame the file the offending field came from (the override wins when both set it).
    const field = config.error.kind === 'INVALID_CONFIG' ? config.error.field : 'ports';
    const file = user.value?.[field as keyof RepoConfigFile] !== undefined ? userFile : repoFile;
    return err(config.error.kind === 'INVALID_CONFIG' ? { ...config.error, file } : config.error);
  }
  return ok({
    config: config.value,
    configHash: hashConfigBytes(sharedRead.value.bytes),
    files: { repo: { path: repoFile, exists: shared.value !== null }, user: { path: userFile, exists: user.value !== null } },
  });
}

/** One file: null when it does not exist, INVALID_CONFIG when it is not valid. */
export async function readConfigFile(file: string): Promise<Result<RepoConfigFile | null>> {
  const read = await readConfigFileWithBytes(file);
  return read.ok ? ok(read.value.config) : read;
}

/**
 * One file and the bytes it was parsed from (null when absent). Regular files of at most 1 MB
 * only: a committed symlink to `/dev/zero` or a FIFO is an INVALID_CONFIG, not a hung engine.
 */
export async function readConfigFileWithBytes(
  file: string,
): Promise<Result<{ config: RepoConfigFile | null; bytes: Buffer | null }>> {
  const read = await readBoundedFile(file);
  if (!read.ok) {
    if (read.reason === 'missing') return ok({ config: null, bytes: null });
    return err({ kind: 'INVALID_CONFIG', file, field: '', problem: describeReadFailure(read) });
  }
  const parsedFile = parseConfigText(file, textOf(read.bytes));
  return parsedFile.ok ? ok({ config: parsedFile.value, bytes: read.bytes }) : parsedFile;
}

export function parseConfigText(file: string, text: string): Result<RepoConfigFile> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return err({ kind: 'INVALID_CONFIG', file, field: '', problem: `is not valid JSON: ${(error as Error).message}` });
  }
  const parsed = RepoConfigFileSchema.safeParse(data);
  if (!parsed.success) return err({ kind: 'INVALID_CONFIG', file, ...describeIssue(parsed.error) });
  return ok(parsed.data);
}

/** The first schema problem as a dotted field path and a sentence. */
export function describeIssue(error: z.ZodError): { field: string; problem: string } {
  const issue = error.issues[0];
  if (!issue) return { field: '', problem: 'is not valid' };
  let field = issue.path.map(String).join('.');
  let problem = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys?: string[] }).keys ?? [];
    field = [...issue.path.map(String), keys[0] ?? ''].filter(Boolean).join('.');
    problem = 'is not a known setting';
  } else if (issue.code === 'invalid_union') {
    problem = 'has the wrong type (see the README for the accepted forms)';
  }
  return { field, problem: problem.charAt(0).toLowerCase() + problem.slice(1) };
}

/** Apply defaults and resolve paths; fails only on a port range that cannot hold one block. */
export function resolveConfig(file: RepoConfigFile, repoPath: string, userHome: string): Result<RepoConfig> {
  const setup = commandList(file.setup);
  const ports =
    typeof file.ports === 'number'
      ? { ...DEFAULT_PORT_RANGE, count: file.ports }
      : { ...DEFAULT_PORT_RANGE, ...(file.ports ?? {}) };
  if (ports.count > 0 && ports.rangeEnd - ports.rangeStart + 1 < ports.count) {
    return err({
      kind: 'INVALID_CONFIG',
      file: '',
      field: 'ports',
      problem: `range ${ports.rangeStart}-${ports.rangeEnd} cannot hold a block of ${ports.count} ports`,
    });
  }
  const worktreeDir = resolveWorktreeDir(file.worktreeDir, repoPath, userHome);
  const dirProblem = worktreeDirProblem(worktreeDir, repoPath, userHome);
  if (dirProblem) return err({ kind: 'INVALID_CONFIG', file: '', field: 'worktreeDir', problem: dirProblem });
  const mode = file.dependencies ?? 'auto';
  const dependencies: DependencyMode = mode === 'auto' ? (setup.length > 0 ? 'none' : 'clone') : mode;
  return ok({
    setup,
    teardown: commandList(file.teardown),
    check: commandList(file.check),
    copy: file.copy ?? [],
    ports,
    targets: file.targets ?? [],
    worktreeDir,
    branchPrefix: file.branchPrefix ?? '',
    agents: file.agents ?? {},
    dependencies,
  });
}

/** `worktreeDir` relative to the repository root, `~` for the home folder; default `../<repo>.worktrees`. */
export function resolveWorktreeDir(value: string | undefined, repoPath: string, userHome: string): string {
  if (value === undefined) return path.join(path.dirname(repoPath), `${path.basename(repoPath)}.worktrees`);
  if (value === '~') return userHome;
  if (value.startsWith('~/') || value.startsWith('~\\')) return path.join(userHome, value.slice(2));
  return path.resolve(repoPath, value);
}

function commandList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}
