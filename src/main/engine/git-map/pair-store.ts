/**
 * The pair answers on disk (`<data folder>/git-map/pairs.json`), so a restarted engine (or the
 * one-shot CLI) answers every pair whose branch and target have not moved without running git.
 *
 * Content-addressed like the memory cache: a (branch sha, target sha) answer never goes stale,
 * so the file is only ever added to, capped at the newest {@link MAX_STORED_PAIRS}. The file's
 * `version` changes whenever what an answer means changes (e.g. the patch-id scan bound), and a
 * file of another version, or one that does not parse, is ignored rather than trusted.
 * Writes go to a temporary file renamed over the old one, so a crash never leaves half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PairStatus } from '../../../shared/protocol/git-map.ts';
import { PATCH_ID_SCAN_MAX } from './pair-status.ts';
import type { BoundedCache } from './status-cache.ts';

export const MAX_STORED_PAIRS = 20_000;
const VERSION = `1:${PATCH_ID_SCAN_MAX}`;
/** A larger file is not ours (20 000 entries are ~2.5 MB). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const KEY = /^[0-9a-f]{40,64}:[0-9a-f]{40,64}$/;
const STATES = ['merged', 'equivalent', 'unmerged'] as const;

/** `[state index, ahead, behind, conflicts (1, 0, or -1 for null)]` */
type StoredPair = [number, number, number, number];

export class PairStore {
  private readonly file: string;
  private loaded: Promise<void> | null = null;
  private readonly entries = new Map<string, StoredPair>();
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(home: string) {
    this.file = path.join(home, 'git-map', 'pairs.json');
  }

  /** Read the file once into `into` (later calls wait for the same read). */
  load(into: BoundedCache<PairStatus>): Promise<void> {
    this.loaded ??= this.read(into);
    return this.loaded;
  }

  /** Record new answers and write them out (one write at a time; the last one wins). */
  add(answers: ReadonlyMap<string, PairStatus>): Promise<void> {
    if (answers.size === 0) return this.writing;
    for (const [key, status] of answers) {
      this.entries.delete(key);
      this.entries.set(key, [STATES.indexOf(status.state), status.ahead, status.behind, status.conflicts === null ? -1 : status.conflicts ? 1 : 0]);
    }
    while (this.entries.size > MAX_STORED_PAIRS) this.entries.delete(this.entries.keys().next().value!);
    this.dirty = true;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private async read(into: BoundedCache<PairStatus>): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text === null || text.length > MAX_FILE_BYTES) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    if (!isRecord(parsed) || parsed.version !== VERSION || !isRecord(parsed.pairs)) return;
    for (const [key, value] of Object.entries(parsed.pairs)) {
      if (!KEY.test(key) || !isStoredPair(value)) continue;
      this.entries.set(key, value);
      const [state, ahead, behind, conflicts] = value;
      // Answers computed since the engine started are newer than the file's.
      if (into.get(key) === undefined) into.set(key, { state: STATES[state]!, ahead, behind, conflicts: conflicts === -1 ? null : conflicts === 1 });
    }
  }

  private async write(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const body = JSON.stringify({ version: VERSION, pairs: Object.fromEntries(this.entries) });
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(temporary, body);
      await rename(temporary, this.file);
    } catch (error) {
      // A cache: losing it costs time, never answers.
      console.error(`git-map: could not write ${this.file}: ${(error as Error).message}`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStoredPair(value: unknown): value is StoredPair {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => Number.isInteger(n) && n >= -1)) return false;
  return value[0] < STATES.length && value[1] >= 0 && value[2] >= 0 && value[3] <= 1;
}
