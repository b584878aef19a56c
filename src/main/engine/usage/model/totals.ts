/**
 * Summing ledger buckets into the protocol's `UsageTotals`.
 *
 * Cost stays honest: priced requests are summed, unpriced ones are counted and their models
 * named, and a group with nothing priced reports `costUsd: null` rather than $0.
 */
import type { UsageTotals } from '../../../../shared/protocol/usage.ts';
import type { LedgerBucket } from './usage-ledger.ts';

/** A mutable accumulator. */
export interface TotalsAccumulator {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  requests: number;
  cost: number;
  priced: number;
  unpriced: number;
  unpricedModels: Set<string>;
}

/** An empty accumulator. */
export function newTotals(): TotalsAccumulator {
  return { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, requests: 0, cost: 0, priced: 0, unpriced: 0, unpricedModels: new Set() };
}

/** Add one bucket. */
export function addBucket(acc: TotalsAccumulator, b: LedgerBucket): void {
  acc.input += b.input;
  acc.cachedInput += b.cachedInput;
  acc.cacheWrite += b.cacheWrite;
  acc.output += b.output;
  acc.reasoning += b.reasoning;
  acc.requests += b.requests;
  acc.cost += b.cost;
  acc.priced += b.requests - b.unpriced;
  acc.unpriced += b.unpriced;
  if (b.unpriced > 0) acc.unpricedModels.add(b.model);
}

/** Round to a millionth of a dollar: sums of tiny per-token prices carry float noise. */
function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The protocol shape. */
export function finishTotals(acc: TotalsAccumulator): UsageTotals {
  return {
    inputTokens: acc.input,
    cachedInputTokens: acc.cachedInput,
    cacheWriteTokens: acc.cacheWrite,
    outputTokens: acc.output,
    reasoningTokens: acc.reasoning,
    requests: acc.requests,
    costUsd: acc.priced === 0 && acc.unpriced > 0 ? null : roundUsd(acc.cost),
    unpricedRequests: acc.unpriced,
    unpricedModels: [...acc.unpricedModels].sort(),
  };
}

/** Group buckets by a key and finish each group. */
export function groupTotals<K>(
  buckets: Iterable<LedgerBucket>,
  keyOf: (b: LedgerBucket) => string,
  describe: (b: LedgerBucket) => K,
): { key: string; info: K; totals: UsageTotals }[] {
  const groups = new Map<string, { info: K; acc: TotalsAccumulator }>();
  for (const b of buckets) {
    const key = keyOf(b);
    let g = groups.get(key);
    if (!g) {
      g = { info: describe(b), acc: newTotals() };
      groups.set(key, g);
    }
    addBucket(g.acc, b);
  }
  return [...groups].map(([key, g]) => ({ key, info: g.info, totals: finishTotals(g.acc) }));
}
