/**
 * Usage-scan benchmark: our scan against ccusage on the same synthetic logs, in two layouts, cold
 * and warm, standalone and the way the engine runs it; plus the latency from a 1 MB append to an
 * updated total in a running UsageService.
 *
 * Usage: node --import tsx bench/usage-scan/index.ts [--layouts sessions,large] [--sessions-gb 0.6]
 *        [--large-gb 1] [--warm-fraction 0.01] [--runs 5] [--no-incremental] [--ccusage PATH]
 *
 * Per layout (data generated once into $TMPDIR/ao-usage-bench-data and reused, see data.ts):
 * 1. `standalone`: `UsageIndex.scanAll` in one thread, bundled, in a child process;
 * 2. `engineCold`: a `UsageService` started on an empty engine home, its backfill in worker
 *    threads (the bundled `usage-worker.mjs`), until a summary is answered;
 * 3. `ccusage`: `ccusage daily --json --offline` on the same folders;
 * 4. `warm`: ~1 % new data (appended to resumed sessions and new session files), then the engine
 *    again over the home the cold run left (index present), against ccusage's full scan of the
 *    same data; the delta is undone afterwards so the data can be reused.
 * Every run's totals are checked against the generator's. Prints one JSON document on stdout.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appendNewData, type GeneratedTotals, type Layout } from './generate.ts';
import { ensureData, markDirty, undoDelta, type BenchData } from './data.ts';
import { UsageService } from '../../src/main/engine/usage/usage-service.ts';
import { installCcusage } from './peer.ts';

const GOALS = { coldVsCcusage: 1, warmVsCcusage: 20, peakMb: 200, incrementalMs: 50 };

const { values } = parseArgs({
  options: {
    layouts: { type: 'string', default: 'sessions,large' },
    'sessions-gb': { type: 'string', default: '0.6' },
    'large-gb': { type: 'string', default: '1' },
    'warm-fraction': { type: 'string', default: '0.01' },
    ccusage: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'no-incremental': { type: 'boolean' },
  },
});
const layouts = values.layouts.split(',').map((l) => l.trim()) as Layout[];
for (const l of layouts) if (l !== 'sessions' && l !== 'large') throw new Error(`unknown layout ${l} (sessions, large)`);
const gbOf = (layout: Layout): number => {
  const gb = Number(layout === 'sessions' ? values['sessions-gb'] : values['large-gb']);
  if (!Number.isFinite(gb) || gb <= 0) throw new Error(`--${layout}-gb must be a positive number`);
  return gb;
};
const warmFraction = Number(values['warm-fraction']);
const ccusageOverride = values.ccusage ?? process.env.CCUSAGE_BIN ?? null;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  peakKb: number | null;
  /** User + system CPU seconds (from /usr/bin/time): steadier than wall time on a shared machine. */
  cpuMs: number | null;
}

/** Run a command, under /usr/bin/time -v when available, measuring wall time and peak RSS. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const timed = existsSync('/usr/bin/time');
  const [cmd, argv] = timed ? ['/usr/bin/time', ['-v', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
      const cpuMs = user && sys ? Math.round((Number(user[1]) + Number(sys[1])) * 1000) : null;
      resolve({ code, stdout, stderr, ms, peakKb: match ? Number(match[1]) : null, cpuMs });
    });
  });
}

/** Progress on stderr; the JSON result alone goes to stdout. */
const log = (message: string): void => void process.stderr.write(`[usage-scan] ${message}\n`);

const mb = (kb: number | null) => (kb === null ? null : Math.round(kb / 102.4) / 10);


const ratio = (peer: number | null | undefined, ours: number | null | undefined) => (peer && ours ? Math.round((peer / ours) * 100) / 100 : null);

/** What a correct reader finds in generated data: requests, input (all parts), output. */
function expectedOf(totals: GeneratedTotals) {
  return {
    codex: { requests: totals.codex.requests, input: totals.codex.input, output: totals.codex.output },
    claude: { requests: totals.claude.requests, input: totals.claude.input + totals.claude.cacheWrite + totals.claude.cacheRead, output: totals.claude.output },
  };
}

function matches(found: Record<string, { requests: number; input: number; output: number }> | undefined, want: ReturnType<typeof expectedOf>): boolean {
  return (['codex', 'claude'] as const).every(
    (p) => found?.[p]?.requests === want[p].requests && found?.[p]?.input === want[p].input && found?.[p]?.output === want[p].output,
  );
}

/** Bundle the measured entry points like the shipped build (no tsx in the measured processes). */
async function bundle(outdir: string): Promise<{ scanChild: string; engineChild: string }> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: {
      'scan-child': path.join(import.meta.dirname, 'scan-child.ts'),
      'engine-child': path.join(import.meta.dirname, 'engine-child.ts'),
      // Beside the engine bundle, where start-backfill.ts looks for it (as in scripts/build.mjs).
      'usage-worker': path.join(import.meta.dirname, '../../src/main/engine/usage/scan/usage-worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return { scanChild: path.join(outdir, 'scan-child.mjs'), engineChild: path.join(outdir, 'engine-child.mjs') };
}

async function engineRun(script: string, data: BenchData, home: string, env: NodeJS.ProcessEnv) {
  const run = await measure(process.execPath, [script, data.codexHome, data.claudeDir, home], env);
  if (run.code !== 0) throw new Error(`engine run failed: ${run.stderr.slice(-2000)}`);
  const child = JSON.parse(run.stdout.trim().split('\n').pop()!);
  return {
    startToTotalsMs: Math.round(child.startToTotalsMs),
    /** CPU of the engine process (all threads) over the same span: steadier on a busy machine. */
    startToTotalsCpuMs: Math.round(child.startToTotalsCpuMs),
    processWallMs: Math.round(run.ms),
    /** Process wall time without the shutdown save (not part of answering). */
    processToTotalsMs: Math.round(run.ms - child.disposeMs),
    cpuMs: run.cpuMs,
    peakMb: mb(run.peakKb ?? child.maxRssKb),
    backfillMs: child.backfillMs,
    inWorker: child.inWorker,
    files: child.files,
    totals: child.totals,
  };
}

async function runLayout(layout: Layout, bins: { scanChild: string; engineChild: string }, ccusageBin: string | null, work: string) {
  const data = await ensureData(layout, gbOf(layout), log);
  const env = { ...process.env, HOME: path.join(work, 'home') };
  const want = expectedOf(data.totals);
  const out: Record<string, unknown> = {
    data: { dir: data.dir, gb: Math.round((data.bytes / 1024 ** 3) * 1000) / 1000, files: data.files, meanFileKb: Math.round(data.bytes / data.files / 1024), generateMs: data.generateMs, expected: want },
  };
  // Page cache: read everything once so every tool reads warm data (the first run would pay the disk).
  await measure('/bin/sh', ['-c', `cat $(find '${data.dir}' -name '*.jsonl') > /dev/null`], env);

  log(`${layout}: standalone scan`);
  const s = await measure(process.execPath, [bins.scanChild, data.codexHome, data.claudeDir], env);
  if (s.code !== 0) throw new Error(`standalone scan failed: ${s.stderr.slice(-2000)}`);
  const sc = JSON.parse(s.stdout.trim().split('\n').pop()!);
  out.standalone = { wallMs: Math.round(s.ms), scanMs: Math.round(sc.elapsedMs), cpuMs: s.cpuMs, peakMb: mb(s.peakKb ?? sc.maxRssKb), totalsMatch: matches(sc.totals, want), corruptLines: sc.corruptLines };

  log(`${layout}: engine, cold`);
  const home = path.join(work, `engine-${layout}`);
  await rm(home, { recursive: true, force: true });
  const cold = await engineRun(bins.engineChild, data, home, env);
  out.engineCold = { ...cold, totalsMatch: matches(cold.totals, want) };

  log(`${layout}: ccusage`);
  const peer = ccusageBin ? await runCcusage(ccusageBin, env, data.claudeDir, data.codexHome) : { available: false, reason: 'ccusage could not be installed' };
  out.ccusage = peer;

  log(`${layout}: warm start (+${warmFraction * 100} %)`);
  await markDirty(data);
  const deltaTotals: GeneratedTotals = JSON.parse(JSON.stringify(data.totals));
  const delta = await appendNewData(data.codexHome, data.claudeDir, deltaTotals, warmFraction);
  try {
    const wantWarm = expectedOf(deltaTotals);
    const warm = await engineRun(bins.engineChild, data, home, env);
    const peerWarm = ccusageBin ? await runCcusage(ccusageBin, env, data.claudeDir, data.codexHome) : null;
    out.warm = {
      newBytes: delta.bytes,
      newFraction: Math.round((delta.bytes / data.bytes) * 10000) / 10000,
      appendedFiles: delta.appended.length,
      newFiles: delta.created.length,
      ...warm,
      totalsMatch: matches(warm.totals, wantWarm),
      ccusageFullScan: peerWarm,
    };
    const peerWall = peerWarm && peerWarm.available ? (peerWarm.wallMs as number) : null;
    (out.warm as Record<string, unknown>).ratio = ratio(peerWall, warm.startToTotalsMs);
    (out.warm as Record<string, unknown>).ratioInclProcessStart = ratio(peerWall, warm.processToTotalsMs);
  } finally {
    await undoDelta(data, delta);
  }
  const peerWall = peer.available ? (peer.wallMs as number) : null;
  const peerCpu = peer.available ? (peer.cpuMs as number | null) : null;
  out.ratios = {
    standaloneWall: ratio(peerWall, (out.standalone as { wallMs: number }).wallMs),
    standaloneCpu: ratio(peerCpu, (out.standalone as { cpuMs: number | null }).cpuMs),
    engineColdToTotals: ratio(peerWall, cold.startToTotalsMs),
    engineColdCpu: ratio(peerCpu, cold.cpuMs),
    warm: (out.warm as { ratio: number | null }).ratio,
  };
  return out;
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ao-usage-bench-'));
  await mkdir(path.join(work, 'home'));
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    loadAverageBefore: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  try {
    const bins = await bundle(path.join(work, 'bin'));
    const installed = ccusageOverride ? { bin: ccusageOverride } : await installCcusage();
    const ccusageBin = 'bin' in installed ? installed.bin : null;
    if (!ccusageBin) report.ccusageUnavailable = (installed as { error: string }).error;
    const results: Record<string, unknown> = {};
    for (const layout of layouts) results[layout] = await runLayout(layout, bins, ccusageBin, work);
    report.layouts = results;

    if (!values['no-incremental'] && layouts.includes('sessions')) {
      log('incremental');
      const data = await ensureData('sessions', gbOf('sessions'), log);
      await markDirty(data);
      const created: string[] = [];
      try {
        report.incremental = await incremental(data.codexHome, data.claudeDir, path.join(work, 'incremental'), Number(values.runs), created);
      } finally {
        await undoDelta(data, { appended: [], created });
      }
    }
    report.loadAverageAfter = os.loadavg().map((x) => Math.round(x * 100) / 100);
    const goal = (name: string, value: number | null, met: boolean | null) => ({ goal: name, value, met });
    const goals: Record<string, unknown> = {};
    for (const [layout, r] of Object.entries(results) as [string, { ratios: { standaloneWall: number | null; engineColdToTotals: number | null; warm: number | null }; standalone: { totalsMatch: boolean; peakMb: number }; engineCold: { totalsMatch: boolean }; warm: { totalsMatch: boolean } }][]) {
      const cold = r.ratios.engineColdToTotals;
      goals[`${layout}.cold`] = goal(`engine cold scan >= ${GOALS.coldVsCcusage}x ccusage`, cold, cold === null ? null : cold >= GOALS.coldVsCcusage);
      goals[`${layout}.standalone`] = goal(`standalone scan >= ${GOALS.coldVsCcusage}x ccusage`, r.ratios.standaloneWall, r.ratios.standaloneWall === null ? null : r.ratios.standaloneWall >= GOALS.coldVsCcusage);
      goals[`${layout}.warm`] = goal(`warm start >= ${GOALS.warmVsCcusage}x ccusage's full scan`, r.ratios.warm, r.ratios.warm === null ? null : r.ratios.warm >= GOALS.warmVsCcusage);
      goals[`${layout}.correct`] = goal('every run found exactly the generated totals', null, r.standalone.totalsMatch && r.engineCold.totalsMatch && r.warm.totalsMatch);
    }
    const inc = report.incremental as { watch: { medianMs: number } } | undefined;
    if (inc) goals.incremental = goal(`<= ${GOALS.incrementalMs} ms (watch path, median)`, inc.watch.medianMs, inc.watch.medianMs <= GOALS.incrementalMs);
    report.goals = goals;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

/** Run one ccusage binary on the data; unavailable (with the reason) when it cannot run. */
async function runCcusage(bin: string, env: NodeJS.ProcessEnv, claudeDir: string, codexHome: string): Promise<Record<string, unknown>> {
  if (!existsSync(bin)) return { available: false, bin, reason: 'not found' };
  const version = await measure(bin, ['--version'], env);
  const run = await measure(bin, ['daily', '--json', '--offline'], { ...env, CLAUDE_CONFIG_DIR: claudeDir, CODEX_HOME: codexHome, NO_COLOR: '1' });
  if (run.code !== 0) {
    const reason = run.stderr.split('\n').find((l) => l.trim() !== '' && !l.startsWith('\t') && !l.startsWith('Command')) ?? run.stderr;
    return { available: false, bin, reason: reason.trim().slice(0, 300) };
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    // Reported as unparsed below.
  }
  return {
    available: true,
    bin,
    version: version.stdout.trim(),
    command: 'ccusage daily --json --offline (Claude + Codex in one run)',
    wallMs: Math.round(run.ms),
    cpuMs: run.cpuMs,
    peakMb: mb(run.peakKb),
    totals: summarizeCcusage(parsed),
  };
}

/** ccusage's daily JSON → token sums (its shape varies across versions: read defensively). */
function summarizeCcusage(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return { unparsed: true };
  const o = json as Record<string, unknown>;
  return o.totals ?? o.total ?? { keys: Object.keys(o) };
}

/** Median and max latency from a 1 MB append to the service reporting the new total. */
async function incremental(codexHome: string, claudeDir: string, home: string, runs: number, created: string[]) {
  const results: Record<string, { medianMs: number; maxMs: number; samples: number[] }> = {};
  let backfillMs = 0;
  // The service's poll timer is unref'd (it never holds an engine open): keep this process alive.
  const keepAlive = setInterval(() => undefined, 1000);
  for (const mode of ['watch', 'poll'] as const) {
    const service = new UsageService({
      home: path.join(home, mode),
      sources: [
        { provider: 'codex', root: codexHome },
        { provider: 'claude', root: claudeDir },
      ],
      roots: async () => [],
      timeZone: 'UTC',
      watch: mode === 'watch',
      pollMs: mode === 'watch' ? 60_000 : 500,
    });
    const started = performance.now();
    log(`  ${mode}: backfill`);
    await service.start();
    log(`  ${mode}: appending`);
    if (mode === 'watch') backfillMs = Math.round(performance.now() - started);
    const dir = path.join(codexHome, 'sessions', '2026', '12', '31');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `rollout-2026-12-31T10-00-00-019aaaaa-0000-7000-8000-00000000${mode === 'watch' ? '0001' : '0002'}.jsonl`);
    created.push(file);
    await appendFile(file, `{"timestamp":"2026-12-31T09:00:00.000Z","type":"session_meta","payload":{"id":"inc-${mode}","timestamp":"2026-12-31T09:00:00.000Z","cwd":"/w","originator":"codex_cli_rs","cli_version":"0.153.4"}}\n`);
    await service.refresh();
    const samples: number[] = [];
    let cumulative = 0;
    for (let i = 0; i < runs; i++) {
      const before = (await service.summary({ includeSessions: false })).totals.inputTokens;
      // Distinct timestamps per mode: identical rows in two files would be deduped as copies.
      const chunk = oneMegabyte(i, cumulative, mode === 'watch' ? '2026-12-31T09:00:01.000Z' : '2026-12-31T15:00:01.000Z');
      cumulative = chunk.cumulative;
      const updated = new Promise<number>((resolve) => {
        const off = service.onDidChange(async () => {
          const now = performance.now();
          const after = (await service.summary({ includeSessions: false })).totals.inputTokens;
          if (after === before + chunk.input) {
            off();
            resolve(now);
          }
        });
      });
      const t0 = performance.now();
      await appendFile(file, chunk.data);
      samples.push(Math.round(((await updated) - t0) * 10) / 10);
      await new Promise((r) => setTimeout(r, mode === 'poll' ? 600 : 50));
    }
    await service.dispose();
    const sorted = [...samples].sort((a, b) => a - b);
    results[mode] = { medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted[sorted.length - 1]!, samples };
  }
  clearInterval(keepAlive);
  return {
    appendBytes: 1024 * 1024,
    serviceBackfillMs: backfillMs,
    note: 'watch = fs.watch recursive event path; poll = safety-net poll at 500 ms (default 3 s), latency bounded by the interval',
    ...results,
  };
}

/** ~1 MB of Codex rows (mostly tool output, ~20 new requests); `cumulative` carries the thread total. */
function oneMegabyte(run: number, cumulative: number, baseIso: string): { data: string; input: number; cumulative: number } {
  const lines: string[] = [];
  let input = 0;
  let bytes = 0;
  let k = 0;
  const filler = 'x'.repeat(50_000);
  const u = (i: number, o: number) => `{"input_tokens":${i},"cached_input_tokens":0,"output_tokens":${o},"reasoning_output_tokens":0,"total_tokens":${i + o}}`;
  while (bytes < 1024 * 1024) {
    const ts = new Date(Date.parse(baseIso) + run * 100_000 + k * 1000).toISOString();
    const out = `{"timestamp":"${ts}","type":"response_item","payload":{"type":"function_call_output","call_id":"c","output":"${filler}"}}`;
    const n = 1000 + k;
    cumulative += n;
    input += n;
    const row = `{"timestamp":"${ts}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":${u(cumulative, 10 * (run * 1000 + k + 1))},"last_token_usage":${u(n, 10)},"model_context_window":258400},"rate_limits":null}}`;
    lines.push(out, row);
    bytes += out.length + row.length + 2;
    k += 1;
  }
  return { data: lines.join('\n') + '\n', input, cumulative };
}



await main();
