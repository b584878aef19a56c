/**
 * Versioned JSON files written atomically.
 *
 * Every piece of engine state lives in one file under the data directory, shaped
 * `{ "version": N, "data": … }`. Writes go to a temp file that is renamed over the target, so a
 * crash never leaves a half-written file; writes are serialized per file so the last one wins.
 * Loading never crashes the engine: an unreadable or invalid file is moved aside (`.corrupt-…`)
 * and the defaults are used, an older version is migrated.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

export interface JsonStoreOptions<T> {
  /** Absolute path of the JSON file. */
  file: string;
  /** Current schema version; bump it and add a migration when the shape changes. */
  version: number;
  schema: z.ZodType<T>;
  defaults: () => T;
  /** Upgrade `data` saved at `fromVersion` (< version) to the current shape. */
  migrate?: (data: unknown, fromVersion: number) => unknown;
}

export class JsonStore<T> {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: JsonStoreOptions<T>) {}

  get file(): string {
    return this.options.file;
  }

  /** Read the file; missing → defaults; corrupt or invalid → moved aside, defaults. */
  async load(): Promise<T> {
    const { file, version, schema, defaults, migrate } = this.options;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      // Missing is normal (first start). Anything else (permissions, a folder in its place) must
      // not stop the engine from starting: report it and carry on with defaults, keeping the file.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        process.emitWarning(`could not read ${file}: ${(error as Error).message}; using defaults`);
      }
      return defaults();
    }
    try {
      const parsed = JSON.parse(text) as { version?: unknown; data?: unknown };
      const fromVersion = typeof parsed.version === 'number' ? parsed.version : 0;
      if (fromVersion > version) throw new Error(`file version ${fromVersion} is newer than ${version}`);
      const data = fromVersion < version && migrate ? migrate(parsed.data, fromVersion) : parsed.data;
      return schema.parse(data);
    } catch {
      await rename(file, `${file}.corrupt-${Date.now()}-${randomBytes(3).toString('hex')}`).catch(() => undefined);
      return defaults();
    }
  }

  /** Write atomically; resolves once this write (and every earlier one) is on disk. */
  save(data: T): Promise<void> {
    const { file, version } = this.options;
    const body = JSON.stringify({ version, data }, null, 2) + '\n';
    const run = async (): Promise<void> => {
      await mkdir(path.dirname(file), { recursive: true });
      // Random suffix: two stores on one file (e.g. the CLI and a test) must not share temp names.
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, body, { encoding: 'utf8', mode: 0o600 });
      await rename(temp, file);
    };
    this.writing = this.writing.then(run, run);
    return this.writing;
  }
}
