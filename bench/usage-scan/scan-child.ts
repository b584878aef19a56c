/**
 * One full scan in its own process, so the benchmark can read this process's peak memory.
 *
 * Usage: node --import tsx bench/usage-scan/scan-child.ts <codexHome> <claudeDir>
 * Prints one JSON line: elapsed ms, peak RSS (kB) and the totals found.
 */
import { UsageIndex } from '../../src/main/engine/usage/scan/usage-index.ts';

const [codex, claude] = process.argv.slice(2);
const started = performance.now();
const index = new UsageIndex('UTC');
await index.scanAll([
  { provider: 'codex', root: codex! },
  { provider: 'claude', root: claude! },
]);
const elapsedMs = performance.now() - started;
const totals: Record<string, { requests: number; input: number; output: number; cost: number }> = {};
for (const b of index.ledger.all()) {
  const t = (totals[b.provider] ??= { requests: 0, input: 0, output: 0, cost: 0 });
  t.requests += b.requests;
  t.input += b.input;
  t.output += b.output;
  t.cost += b.cost;
}
process.stdout.write(
  JSON.stringify({ elapsedMs, maxRssKb: process.resourceUsage().maxRSS, files: index.files.size, bytesRead: index.bytesRead, corruptLines: index.corruptLines, totals }) + '\n',
);
