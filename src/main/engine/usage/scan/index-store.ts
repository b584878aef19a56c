/**
 * The usage index on disk: one compact JSON file per log source under `${home}/usage/`
 * (`index-<provider>-<hash of the folder>.json`), each written atomically (temp file + rename).
 *
 * One file per source because each source is scanned by its own worker: a worker loads and
 * saves only its part, so a warm start parses the parts in parallel and a source that did not
 * change costs one parse, not a rewrite of everything. Compact (no indentation): the index of a
 * heavy user holds hundreds of thousands of dedupe keys, and whitespace would double what is
 * parsed at every start.
 *
 * The logs stay the source of truth: a missing, corrupt or outdated part only costs a re-read of
 * that source. The check is shallow on purpose; `UsageIndex.fromSnapshot` rejects other versions
 * and time zones, and a full schema pass over hundreds of thousands of keys would cost more than
 * it saves. Version 1 (one `index.json` for everything, indented) is removed on the first save.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UsageSource } from '../types.ts';
import { snapshotOfSource } from './snapshot-parts.ts';
import { INDEX_VERSION, type IndexSnapshot } from './usage-index.ts';

/** Where the index of an engine home lives. */
export function indexDirOf(home: string): string {
  return path.join(home, 'usage');
}

/** The file of one source's part. */
export function indexPartFile(dir: string, source: UsageSource): string {
  const hash = createHash('sha256').update(source.root).digest('hex').slice(0, 16);
  return path.join(dir, `index-${source.provider}-${hash}.json`);
}

function looksLikeSnapshot(value: unknown): value is IndexSnapshot {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { version?: unknown }).version === INDEX_VERSION &&
    typeof (value as { files?: unknown }).files === 'object' &&
    Array.isArray((value as { ledger?: unknown }).ledger)
  );
}

/** One source's saved part, or null (none yet, another version, unreadable, corrupt). */
export async function loadIndexPart(dir: string, source: UsageSource): Promise<IndexSnapshot | null> {
  let text: string;
  try {
    text = await readFile(indexPartFile(dir, source), 'utf8');
  } catch {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return looksLikeSnapshot(value) ? value : null;
  } catch {
    return null; // a torn or foreign file: the logs are read again and the next save replaces it
  }
}

/** Typed arrays as plain arrays (JSON writes a Float64Array as an object of indices). */
function forJson(snapshot: IndexSnapshot): IndexSnapshot {
  const claude: IndexSnapshot['claude'] = {};
  for (const [account, data] of Object.entries(snapshot.claude)) claude[account] = { strings: data.strings, rows: Array.from(data.rows) };
  return { ...snapshot, claude };
}

const writing = new Map<string, Promise<void>>();

/** Write one file atomically; writes to the same file are serialized (the last one wins). */
function writeAtomic(file: string, body: string): Promise<void> {
  const run = async (): Promise<void> => {
    await mkdir(path.dirname(file), { recursive: true });
    // Random suffix: two writers (the engine and a CLI) must not share temp names.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, body, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, file);
  };
  const next = (writing.get(file) ?? Promise.resolve()).then(run, run);
  writing.set(file, next);
  void next.finally(() => {
    if (writing.get(file) === next) writing.delete(file);
  }).catch(() => undefined);
  return next;
}

/** Save the parts of `snapshot` that belong to `sources`, one file each. */
export async function saveIndexParts(dir: string, snapshot: IndexSnapshot, sources: readonly UsageSource[]): Promise<void> {
  await Promise.all(
    sources.map((source, i) => writeAtomic(indexPartFile(dir, source), JSON.stringify(forJson(snapshotOfSource(snapshot, source, i === 0))))),
  );
  await rm(path.join(dir, 'index.json'), { force: true }).catch(() => undefined); // the version-1 file
}
