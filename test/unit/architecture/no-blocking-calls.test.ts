/**
 * Ratchet: blocking calls (`*Sync`) in src/main stall the engine's event loop (every terminal and
 * client waits). Counts per file may only go down; when one drops, lower the allowlist too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** file (relative to src/main) → allowed number of blocking calls, with the reason. */
const ALLOWED: Record<string, number> = {
  // Two stats when a worker thread starts (once per engine for the mirror and usage workers),
  // called from constructors that cannot await; far from any per-chunk or per-request path.
  'engine/threads/worker-entry.ts': 2,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('no blocking calls in src/main', () => {
  it('keeps every file at or below its allowance, and the allowance tight', () => {
    const root = path.resolve('src/main');
    const counts: Record<string, number> = {};
    for (const file of files(root)) {
      const text = readFileSync(file, 'utf8');
      const count = (text.match(/\b\w+Sync\s*\(/g) ?? []).length;
      if (count > 0) counts[path.relative(root, file).split(path.sep).join('/')] = count;
    }
    expect(counts).toEqual(ALLOWED);
  });
});
