/**
 * The scan the way the engine runs it, in its own process: a `UsageService` whose backfill runs in
 * worker threads (the bundled `usage-worker.mjs` beside this bundle), over an engine home that
 * may already hold an index (warm start).
 *
 * Usage: node engine-child.mjs <codexHome> <claudeDir> <engineHome>
 * Prints one JSON line: time from `start()` to an answered summary, how the backfill ran, totals.
 */
import { UsageService } from '../../src/main/engine/usage/usage-service.ts';

const [codex, claude, home] = process.argv.slice(2);
const keepAlive = setInterval(() => undefined, 1000); // the service's timers are unref'd
const started = performance.now();
const cpuStarted = process.cpuUsage();
const service = new UsageService({
  home: home!,
  sources: [
    { provider: 'codex', root: codex! },
    { provider: 'claude', root: claude! },
  ],
  roots: async () => [],
  timeZone: 'UTC',
  watch: false,
  pollMs: 3_600_000,
});
await service.start();
const summary = await service.summary({ includeSessions: false });
const startToTotalsMs = performance.now() - started;
// CPU of this process (all its threads) over the same span: steadier than wall time on a busy machine.
const cpu = process.cpuUsage(cpuStarted);
const startToTotalsCpuMs = (cpu.user + cpu.system) / 1000;
const totals: Record<string, { requests: number; input: number; output: number }> = {};
for (const p of summary.byProvider) totals[p.provider] = { requests: p.totals.requests, input: p.totals.inputTokens, output: p.totals.outputTokens };
const t = performance.now();
await service.dispose(); // waits for the workers' saves, then saves once more (shutdown)
const disposeMs = performance.now() - t;
clearInterval(keepAlive);
process.stdout.write(
  JSON.stringify({
    startToTotalsMs,
    startToTotalsCpuMs,
    backfillMs: summary.scan.lastBackfillMs,
    inWorker: summary.scan.backfillInWorker,
    files: summary.scan.files,
    disposeMs,
    maxRssKb: process.resourceUsage().maxRSS,
    totals,
  }) + '\n',
);
