/**
 * Token and cost sums per provider, account, session, cwd, day and model.
 *
 * The ledger is the aggregate every query reads: a few thousand buckets even for a heavy user,
 * however many rows the logs hold. Records can be replaced (a Claude streaming copy grew, a Gemini
 * message got its tokens), so adding is signed: the index removes the old version and adds the new
 * one, and a bucket that returns to zero disappears. Days are the user's local days, fixed by the
 * ledger's time zone.
 */
import { dayKey } from './time-zone.ts';
import type { UsageProvider, UsageRecord } from '../types.ts';

/** One bucket's dimensions and sums. */
export interface LedgerBucket {
  provider: UsageProvider;
  account: string;
  sessionId: string;
  cwd: string | null;
  projectKey: string | null;
  day: string;
  model: string;
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  requests: number;
  cost: number;
  unpriced: number;
}

/** Signed, replaceable sums of usage records. */
export class UsageLedger {
  private readonly buckets = new Map<string, LedgerBucket>();
  /** The bucket of the previous record and its key (cleared when a bucket is removed). */
  private last: LedgerBucket | null = null;
  private lastKey = '';

  constructor(readonly timeZone: string) {}

  /** Add (`sign` 1) or remove (`sign` −1) one record. */
  apply(record: UsageRecord, sign: 1 | -1): void {
    const day = dayKey(record.ts, this.timeZone);
    const projectKey = record.projectKey ?? null;
    // Records come in runs of one session, day and model: reuse the previous bucket without
    // building its key (a seven-part string) for every row.
    const last = this.last;
    let bucket =
      last !== null &&
      last.sessionId === record.sessionId &&
      last.day === day &&
      last.model === record.model &&
      last.cwd === record.cwd &&
      last.projectKey === projectKey &&
      last.account === record.account &&
      last.provider === record.provider
        ? last
        : undefined;
    const key = bucket ? this.lastKey : `${record.provider}\0${record.account}\0${record.sessionId}\0${record.cwd ?? ''}\0${projectKey ?? ''}\0${day}\0${record.model}`;
    bucket ??= this.buckets.get(key);
    if (!bucket) {
      if (sign < 0) return;
      bucket = {
        provider: record.provider,
        account: record.account,
        sessionId: record.sessionId,
        cwd: record.cwd,
        projectKey,
        day,
        model: record.model,
        input: 0,
        cachedInput: 0,
        cacheWrite: 0,
        output: 0,
        reasoning: 0,
        requests: 0,
        cost: 0,
        unpriced: 0,
      };
      this.buckets.set(key, bucket);
    }
    const t = record.tokens;
    bucket.input += sign * t.input;
    bucket.cachedInput += sign * t.cachedInput;
    bucket.cacheWrite += sign * t.cacheWrite;
    bucket.output += sign * t.output;
    bucket.reasoning += sign * t.reasoning;
    bucket.requests += sign;
    if (record.cost === null) bucket.unpriced += sign;
    else bucket.cost += sign * record.cost;
    if (bucket.requests <= 0) {
      this.buckets.delete(key);
      this.last = null;
    } else {
      this.last = bucket;
      this.lastKey = key;
    }
  }

  /** All buckets (live objects: do not mutate). */
  all(): IterableIterator<LedgerBucket> {
    return this.buckets.values();
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Plain copies for persistence. */
  toJSON(): LedgerBucket[] {
    return [...this.buckets.values()].map((bucket) => ({ ...bucket }));
  }

  /**
   * Restore saved buckets (replacing nothing: call on an empty ledger). The buckets are adopted,
   * not copied (a warm start restores thousands, freshly decoded): the caller must not reuse them.
   */
  restore(buckets: readonly LedgerBucket[]): void {
    for (const b of buckets) {
      const key = `${b.provider}\0${b.account}\0${b.sessionId}\0${b.cwd ?? ''}\0${b.projectKey ?? ''}\0${b.day}\0${b.model}`;
      this.buckets.set(key, b);
    }
  }
}
