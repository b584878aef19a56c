/**
 * The usage index on disk: one file per log source under `${home}/usage/`
 * (`index-<provider>-<hash of the folder>.bin`), each written atomically (temp file + rename).
 *
 * One file per source because each source is scanned by its own worker: a worker loads and
 * saves only its part, so a warm start parses the parts in parallel and a source that did not
 * change costs one parse, not a rewrite of everything.
 *
 * A part is a small binary container: an 8-byte magic, the length of a compact JSON header
 * (cursors, ledger, sessions, windows, Codex seen keys, Claude string tables), then the Claude
 * record rows as raw little-endian float64 bytes. Those rows are most of a heavy user's index
 * (hundreds of thousands of numbers): as JSON they were the biggest share of what a warm start
 * parsed and a save stringified; as bytes they load with one copy.
 *
 * The logs stay the source of truth: a missing, corrupt or outdated part only costs a re-read of
 * that source. The check is shallow on purpose; `UsageIndex.fromSnapshot` rejects other versions
 * and time zones, and a full schema pass over hundreds of thousands of keys would cost more than
 * it saves. Older parts (`index.json` of version 1, `index-*.json` of version 2) are removed on
 * the first save.
 */
import { createHash, randomBytes } from 'node:crypto';
import { close, fstat, open, read } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ClaudeRecordsData } from '../sources/claude-records-codec.ts';
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
  return path.join(dir, `index-${source.provider}-${hash}.bin`);
}

/** The version-2 JSON part of a source (removed when its successor is saved). */
function legacyPartFile(dir: string, source: UsageSource): string {
  return indexPartFile(dir, source).replace(/\.bin$/, '.json');
}

const MAGIC = Buffer.from('AOUSAGE3', 'latin1');
/** Magic, header length (u32), reserved (u32): the header starts 8-byte aligned. */
const PREAMBLE = 16;
const align8 = (n: number): number => (n + 7) & ~7;

/** Where a Claude account's rows sit in the blob area, in float64s. */
interface RowsRef {
  at: number;
  length: number;
}

/** The JSON header of a part: the snapshot with references to its Claude rows. */
type StoredHeader = Omit<IndexSnapshot, 'claude'> & { claude: Record<string, { strings: string[]; rows: RowsRef }>; endianness: string };

/** A snapshot as one buffer: preamble, JSON header, the Claude rows' bytes. */
export function encodeIndexPart(snapshot: IndexSnapshot): Buffer {
  const blobs: Float64Array[] = [];
  let at = 0;
  const claude: Record<string, { strings: string[]; rows: RowsRef }> = {};
  for (const [account, data] of Object.entries(snapshot.claude)) {
    const rows = data.rows instanceof Float64Array ? data.rows : Float64Array.from(data.rows, (v) => v ?? NaN);
    claude[account] = { strings: data.strings, rows: { at, length: rows.length } };
    blobs.push(rows);
    at += rows.length;
  }
  const header = Buffer.from(JSON.stringify({ ...snapshot, claude, endianness: os.endianness() }), 'utf8');
  const blobStart = align8(PREAMBLE + header.length);
  const out = Buffer.alloc(blobStart + at * 8);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(header.length, 8);
  header.copy(out, PREAMBLE);
  let offset = blobStart;
  for (const rows of blobs) {
    out.set(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength), offset);
    offset += rows.byteLength;
  }
  return out;
}

/** The snapshot in a buffer made by {@link encodeIndexPart}; null when it is not one. */
export function decodeIndexPart(buffer: Buffer): IndexSnapshot | null {
  if (buffer.length < PREAMBLE || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const headerLength = buffer.readUInt32LE(8);
  const blobStart = align8(PREAMBLE + headerLength);
  if (blobStart > buffer.length) return null;
  let header: unknown;
  try {
    header = JSON.parse(buffer.toString('utf8', PREAMBLE, PREAMBLE + headerLength));
  } catch {
    return null; // a torn or foreign file: the logs are read again and the next save replaces it
  }
  if (!looksLikeSnapshot(header)) return null;
  const stored = header as unknown as StoredHeader;
  if (stored.endianness !== os.endianness() || typeof stored.claude !== 'object' || stored.claude === null) return null;
  const claude: Record<string, ClaudeRecordsData> = {};
  const floats = (buffer.length - blobStart) / 8;
  for (const [account, data] of Object.entries(stored.claude)) {
    const ref = data?.rows;
    if (!ref || !Number.isInteger(ref.at) || !Number.isInteger(ref.length) || ref.at < 0 || ref.length < 0 || ref.at + ref.length > floats) return null;
    // A copy into its own buffer: aligned, and a structured clone to the engine copies only it.
    const rows = new Float64Array(ref.length);
    new Uint8Array(rows.buffer).set(buffer.subarray(blobStart + ref.at * 8, blobStart + (ref.at + ref.length) * 8));
    claude[account] = { strings: data.strings, rows };
  }
  const { endianness: _, claude: __, ...rest } = stored;
  return { ...rest, claude };
}

function looksLikeSnapshot(value: unknown): value is IndexSnapshot {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { version?: unknown }).version === INDEX_VERSION &&
    Array.isArray((value as { files?: unknown }).files) &&
    Array.isArray((value as { ledger?: unknown }).ledger)
  );
}

/**
 * A whole file with one `read` into a buffer of its size (open, fstat, read, close). `readFile`
 * reads in 512 KB steps, each a separate trip through the thread pool, where a warm start has
 * thousands of stats queued at the same time (warm-start.ts).
 */
function readWhole(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const done = (error: Error | null, buffer?: Buffer): void => close(fd, () => (error ? reject(error) : resolve(buffer!)));
      fstat(fd, (statError, s) => {
        if (statError) return done(statError);
        const buffer = Buffer.allocUnsafe(s.size);
        let filled = 0;
        const next = (): void =>
          read(fd, buffer, filled, buffer.length - filled, filled, (readError, n) => {
            if (readError) return done(readError);
            filled += n;
            // Short reads go on; 0 means the file shrank since the fstat (a torn part: the decode rejects it).
            if (n === 0 || filled === buffer.length) done(null, buffer.subarray(0, filled));
            else next();
          });
        next();
      });
    });
  });
}

/** One source's saved part, or null (none yet, another version, unreadable, corrupt). */
export async function loadIndexPart(dir: string, source: UsageSource): Promise<IndexSnapshot | null> {
  let buffer: Buffer;
  try {
    buffer = await readWhole(indexPartFile(dir, source));
  } catch {
    return null;
  }
  return decodeIndexPart(buffer);
}

const writing = new Map<string, Promise<void>>();

/** Write one file atomically; writes to the same file are serialized (the last one wins). */
function writeAtomic(file: string, body: Buffer): Promise<void> {
  const run = async (): Promise<void> => {
    await mkdir(path.dirname(file), { recursive: true });
    // Random suffix: two writers (the engine and a CLI) must not share temp names.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, body, { mode: 0o600 });
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
    sources.map(async (source, i) => {
      await writeAtomic(indexPartFile(dir, source), encodeIndexPart(snapshotOfSource(snapshot, source, i === 0)));
      await rm(legacyPartFile(dir, source), { force: true }).catch(() => undefined); // its version-2 part
    }),
  );
  await rm(path.join(dir, 'index.json'), { force: true }).catch(() => undefined); // the version-1 file
}
