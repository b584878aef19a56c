/**
 * Find the Codex thread a session started, so it can be resumed after an engine restart.
 *
 * Codex picks its thread id itself. The notify hook reports it at the end of each turn; until
 * then (or without hooks) it is the rollout file under `$CODEX_HOME/sessions/YYYY/MM/DD/` (local
 * date) whose first line, `session_meta`, has the worktree as `cwd` and a timestamp after the
 * session started (agent-logs.md §6). Rollouts are created at the first turn, so a session that
 * never got a task has none yet.
 */
import { open, readdir, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface FindThreadInput {
  readonly codexHome: string;
  readonly cwd: string;
  /** Epoch ms the Codex process started. */
  readonly startedAtMs: number;
  /** Thread ids other sessions already claimed (several agents in one worktree). */
  readonly exclude: ReadonlySet<string>;
  readonly nowMs?: number;
}

/** Bytes read from the head of a rollout: the session_meta line (base instructions can be long). */
const HEAD_BYTES = 64 * 1024;
/** Clock slack between our spawn time and Codex's own timestamp. */
const SLACK_MS = 5_000;

/** `CODEX_HOME` of a session's environment, else `~/.codex`. */
export function codexHomeOf(env: Readonly<Record<string, string | undefined>>): string {
  return env.CODEX_HOME && env.CODEX_HOME.trim() !== '' ? env.CODEX_HOME : path.join(os.homedir(), '.codex');
}

/** The earliest matching thread id, or null. */
export async function findCodexThread(input: FindThreadInput): Promise<string | null> {
  const cwds = new Set([path.resolve(input.cwd), await realpath(input.cwd).catch(() => path.resolve(input.cwd))]);
  const candidates: { id: string; ts: number }[] = [];
  for (const dir of dayDirs(input.codexHome, input.startedAtMs, input.nowMs ?? Date.now())) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.startsWith('rollout-') || !name.endsWith('.jsonl')) continue;
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (!info || info.mtimeMs < input.startedAtMs - SLACK_MS) continue;
      const meta = await readSessionMeta(file);
      if (!meta || input.exclude.has(meta.id) || !cwds.has(path.resolve(meta.cwd))) continue;
      if (meta.ts < input.startedAtMs - SLACK_MS) continue;
      candidates.push({ id: meta.id, ts: meta.ts });
    }
  }
  candidates.sort((a, b) => a.ts - b.ts);
  return candidates[0]?.id ?? null;
}

/** Local-date folders from the start day to today (at most a few). */
function dayDirs(home: string, fromMs: number, toMs: number): string[] {
  const dirs: string[] = [];
  const day = new Date(fromMs);
  day.setHours(0, 0, 0, 0);
  for (let i = 0; i < 3 && day.getTime() <= toMs; i++) {
    const y = String(day.getFullYear());
    const m = String(day.getMonth() + 1).padStart(2, '0');
    const d = String(day.getDate()).padStart(2, '0');
    dirs.push(path.join(home, 'sessions', y, m, d));
    day.setDate(day.getDate() + 1);
  }
  return dirs;
}

async function readSessionMeta(file: string): Promise<{ id: string; cwd: string; ts: number } | null> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const first = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    const line = JSON.parse(first) as { type?: unknown; payload?: { id?: unknown; cwd?: unknown; timestamp?: unknown } };
    const payload = line.payload;
    if (line.type !== 'session_meta' || typeof payload?.id !== 'string' || typeof payload.cwd !== 'string') return null;
    const ts = typeof payload.timestamp === 'string' ? Date.parse(payload.timestamp) : NaN;
    return { id: payload.id, cwd: payload.cwd, ts: Number.isNaN(ts) ? 0 : ts };
  } catch {
    return null;
  } finally {
    await handle.close();
  }
}
