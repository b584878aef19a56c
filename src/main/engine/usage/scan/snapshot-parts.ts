/**
 * Splitting an index snapshot by log source, and merging the parts back.
 *
 * Distinct log folders are distinct accounts and never share state (agent-logs.md §5.5), so every
 * part of the index — cursors, dedupe sets, ledger buckets, sessions, windows, limit hits — belongs
 * to exactly one source. That is what lets each source be scanned in its own worker and saved in
 * its own file: merging is a union, never a recomputation.
 */
import type { UsageSource } from '../types.ts';
import { INDEX_VERSION, MAX_LIMIT_HITS, type IndexSnapshot } from './usage-index.ts';

/** An empty snapshot. */
export function emptySnapshot(timeZone: string): IndexSnapshot {
  return {
    version: INDEX_VERSION,
    timeZone,
    files: [],
    codexSeen: {},
    claude: {},
    gemini: {},
    ledger: [],
    sessions: [],
    windows: [],
    limitHits: [],
    stats: { corruptLines: 0, bytesRead: 0 },
  };
}

/**
 * The part of `snapshot` that belongs to `source`. Index-wide counters go with `withStats` (give
 * them to one part only, so merging the parts sums them once).
 */
export function snapshotOfSource(snapshot: IndexSnapshot, source: UsageSource, withStats: boolean): IndexSnapshot {
  const mine = (item: { provider: string; account: string }): boolean => item.provider === source.provider && item.account === source.root;
  const pick = <V>(record: Record<string, V>): Record<string, V> => (source.root in record ? { [source.root]: record[source.root]! } : {});
  const files = snapshot.files.filter(([, entry]) => mine(entry));
  return {
    version: snapshot.version,
    timeZone: snapshot.timeZone,
    files,
    codexSeen: source.provider === 'codex' ? pick(snapshot.codexSeen) : {},
    claude: source.provider === 'claude' ? pick(snapshot.claude) : {},
    gemini: source.provider === 'gemini' ? pick(snapshot.gemini) : {},
    ledger: snapshot.ledger.filter(mine),
    sessions: snapshot.sessions.filter(mine),
    windows: snapshot.windows.filter(mine),
    limitHits: snapshot.limitHits.filter(mine),
    stats: withStats ? { ...snapshot.stats } : { corruptLines: 0, bytesRead: 0 },
  };
}

/** The union of parts of one index (same version and time zone; disjoint accounts). */
export function mergeSnapshots(parts: readonly IndexSnapshot[], timeZone: string): IndexSnapshot {
  if (parts.length === 1) return parts[0]!;
  const out = emptySnapshot(timeZone);
  for (const part of parts) {
    for (const f of part.files) out.files.push(f);
    Object.assign(out.codexSeen, part.codexSeen);
    Object.assign(out.claude, part.claude);
    Object.assign(out.gemini, part.gemini);
    for (const b of part.ledger) out.ledger.push(b);
    for (const s of part.sessions) out.sessions.push(s);
    for (const w of part.windows) out.windows.push(w);
    for (const h of part.limitHits) out.limitHits.push(h);
    out.stats.corruptLines += part.stats.corruptLines;
    out.stats.bytesRead += part.stats.bytesRead;
  }
  out.limitHits.sort((a, b) => a.ts - b.ts);
  if (out.limitHits.length > MAX_LIMIT_HITS) out.limitHits.splice(0, out.limitHits.length - MAX_LIMIT_HITS);
  return out;
}
