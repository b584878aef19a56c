/**
 * The usage index on disk: `${home}/usage/index.json`, a versioned JSON file written atomically.
 *
 * The logs stay the source of truth: a missing, corrupt or outdated index only costs a re-read.
 * The schema check is shallow on purpose; `UsageIndex.fromSnapshot` rejects other versions and
 * time zones, and a full zod pass over hundreds of thousands of keys would cost more than it saves.
 */
import path from 'node:path';
import { z } from 'zod';
import { JsonStore } from '../../state/index.ts';
import { INDEX_VERSION, type IndexSnapshot } from './usage-index.ts';

const SnapshotSchema = z.custom<IndexSnapshot | null>(
  (value) =>
    value === null ||
    (typeof value === 'object' &&
      typeof (value as { version?: unknown }).version === 'number' &&
      typeof (value as { files?: unknown }).files === 'object' &&
      Array.isArray((value as { ledger?: unknown }).ledger)),
);

/** Where the index of an engine home lives. */
export function indexFileOf(home: string): string {
  return path.join(home, 'usage', 'index.json');
}

/** The store for an index file (`null` data = no index yet). */
export function indexStore(file: string): JsonStore<IndexSnapshot | null> {
  return new JsonStore<IndexSnapshot | null>({ file, version: INDEX_VERSION, schema: SnapshotSchema, defaults: () => null });
}
