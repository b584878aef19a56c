/**
 * How the fix commands name worktrees: an existing folder is a path (made absolute), anything
 * else a worktree folder name or a branch, looked up in the repository of the current folder
 * (or in every registered repository when the current folder is in none).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { EngineClient } from '../../../shared/protocol/index.ts';

export interface WorktreeArg {
  repoId?: string;
  ref: string;
}

export async function worktreeArg(engine: EngineClient, arg: string, cwd: string = process.cwd()): Promise<WorktreeArg> {
  const candidate = path.resolve(cwd, arg);
  const isDir = await stat(candidate).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (isDir) return { ref: candidate };
  const repo = await engine.repos.resolve({ path: cwd, register: false });
  return repo.ok ? { repoId: repo.value.id, ref: arg } : { ref: arg };
}
