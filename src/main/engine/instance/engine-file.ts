/**
 * `engine.json`: how a running engine is found by every other process on the same data folder.
 *
 * The serving engine (desktop app, `serve`, `run`) writes it once its socket listens; the CLI,
 * a second desktop launch and `run` read it to talk to that engine instead of starting another.
 * It holds the socket's token, so it is written owner-only (0600) and atomically (temp file +
 * rename), and removed on a clean exit. A file left by a crashed engine is recognised as stale
 * (its pid is gone, or its lock is no longer held) and replaced by the next engine.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { readBounded, writeOwnerOnly } from './owner-only-file.ts';

export const ENGINE_FILE = 'engine.json';

/** Anything larger is not an engine file we wrote. */
const MAX_ENGINE_FILE_BYTES = 16 * 1024;

export const EngineRecordSchema = z.object({
  version: z.literal(1),
  /** e.g. `http://127.0.0.1:4519` */
  baseUrl: z.string().url(),
  port: z.number().int().min(1).max(65535),
  token: z.string().min(16).max(256),
  pid: z.number().int().positive(),
  /** The app version of the engine (a CLI of another version says so). */
  appVersion: z.string(),
  /** What started it: the desktop app, `serve` or `run`. */
  owner: z.enum(['desktop', 'serve', 'run']),
  startedAt: z.string(),
});
export type EngineRecord = z.infer<typeof EngineRecordSchema>;

export function engineFileOf(home: string): string {
  return path.join(home, ENGINE_FILE);
}

/** Write the record owner-only and atomically. */
export async function writeEngineFile(home: string, record: EngineRecord): Promise<void> {
  await writeOwnerOnly(engineFileOf(home), JSON.stringify(record, null, 2) + '\n');
}

/** The record, or null when absent, unreadable, oversized or not a record we wrote. */
export async function readEngineFile(home: string): Promise<EngineRecord | null> {
  const text = await readBounded(engineFileOf(home), MAX_ENGINE_FILE_BYTES);
  if (text === null) return null;
  try {
    const parsed = EngineRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Remove the file if it is still this process's (a newer engine may already have replaced it). */
export async function removeEngineFile(home: string, pid: number = process.pid): Promise<void> {
  const current = await readEngineFile(home);
  if (current && current.pid !== pid) return;
  await rm(engineFileOf(home), { force: true });
}

/** Whether a process with this pid exists (EPERM: it exists but is another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** For tests and tools: the raw text, to check it is not world-readable and has no extra fields. */
export async function readEngineFileText(home: string): Promise<string | null> {
  return readFile(engineFileOf(home), 'utf8').catch(() => null);
}
