/**
 * The benchmark's generated logs, kept between runs in the temp dir (never in the repository).
 *
 * Generating a gigabyte takes a minute; the data is deterministic, so a folder that finished
 * generating (`data.json` written last) is reused. The warm-start case appends to the data and
 * undoes it afterwards; a folder left mid-change (`dirty` marker) is generated again.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { emptyTotals, generateClaude, generateCodex, type GeneratedTotals, type Layout } from './generate.ts';

/** Bump when the generator's output changes, so old folders are not reused. */
const DATA_VERSION = 2;

export interface BenchData {
  readonly dir: string;
  readonly codexHome: string;
  readonly claudeDir: string;
  readonly layout: Layout;
  readonly totals: GeneratedTotals;
  readonly bytes: number;
  readonly files: number;
  readonly generateMs: number | null;
}

export function dataRoot(): string {
  return process.env.BENCH_DATA_DIR ?? path.join(os.tmpdir(), 'ao-usage-bench-data');
}

async function du(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))).size;
  }
  return { bytes, files };
}

/** The data of a layout and size: reused when complete, generated otherwise. */
export async function ensureData(layout: Layout, gb: number, log: (m: string) => void): Promise<BenchData> {
  const dir = path.join(dataRoot(), `${layout}-${gb}gb-v${DATA_VERSION}`);
  const codexHome = path.join(dir, 'codex');
  const claudeDir = path.join(dir, 'claude');
  const meta = path.join(dir, 'data.json');
  if (existsSync(meta) && !existsSync(path.join(dir, 'dirty'))) {
    const saved = JSON.parse(await readFile(meta, 'utf8')) as { totals: GeneratedTotals; bytes: number; files: number };
    log(`reusing ${layout} data in ${dir}`);
    return { dir, codexHome, claudeDir, layout, ...saved, generateMs: null };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(codexHome, { recursive: true });
  await mkdir(claudeDir, { recursive: true });
  log(`generating ${gb} GB (${layout}) in ${dir}`);
  const started = performance.now();
  const totals = emptyTotals();
  const half = (gb * 1024 ** 3) / 2;
  await generateCodex(codexHome, half, totals.codex, { layout });
  await generateClaude(claudeDir, half, totals.claude, { layout });
  const onDisk = [await du(codexHome), await du(claudeDir)];
  const saved = { totals, bytes: onDisk[0]!.bytes + onDisk[1]!.bytes, files: onDisk[0]!.files + onDisk[1]!.files };
  await writeFile(meta, JSON.stringify(saved));
  return { dir, codexHome, claudeDir, layout, ...saved, generateMs: Math.round(performance.now() - started) };
}

/** Mark the data as being changed (a crash before {@link markClean} regenerates it next time). */
export async function markDirty(data: BenchData): Promise<void> {
  await writeFile(path.join(data.dir, 'dirty'), '');
}

/** Undo the warm-start delta: truncate appended files, delete created ones. */
export async function undoDelta(data: BenchData, delta: { appended: { file: string; size: number }[]; created: string[] }): Promise<void> {
  for (const { file, size } of delta.appended) await truncate(file, size);
  for (const file of delta.created) await rm(file, { force: true });
  await rm(path.join(data.dir, 'dirty'), { force: true });
}

/** Only generate (e.g. ahead of a run): `node --import tsx bench/usage-scan/data.ts sessions 0.6`. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const [layout, gb] = process.argv.slice(2);
  const data = await ensureData((layout ?? 'sessions') as Layout, Number(gb ?? '0.6'), (m) => process.stderr.write(m + '\n'));
  process.stdout.write(JSON.stringify({ dir: data.dir, bytes: data.bytes, files: data.files, generateMs: data.generateMs }) + '\n');
}
