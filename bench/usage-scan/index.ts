/**
 * Usage-scan benchmark: our full scan against ccusage on the same synthetic logs, plus the
 * latency from a 1 MB append to an updated total in a running UsageService.
 *
 * Usage: node --import tsx bench/usage-scan/index.ts [--gb 1] [--ccusage PATH] [--keep]
 *
 * Generates ≥ `--gb` GB of Codex and Claude logs (half each) in a temp dir, runs our scanner in a
 * child process (peak RSS from /usr/bin/time -v when present, else the child's own maxRSS), runs
 * `ccusage daily --json --offline` with CLAUDE_CONFIG_DIR/CODEX_HOME pointed at the same data and
 * HOME at an empty folder, then measures incremental latency. Prints one JSON document. Deletes
 * the generated data unless `--keep`. A peer that cannot run is reported as unavailable with the
 * reason, never faked.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateClaude, generateCodex, type GeneratedTotals } from './generate.ts';
import { UsageService } from '../../src/main/engine/usage/usage-service.ts';
import { installCcusage } from './peer.ts';

const GOALS = { speedupVsCcusage: 3, peakMb: 200, incrementalMs: 50 };

const { values } = parseArgs({
  options: { gb: { type: 'string', default: '1' }, ccusage: { type: 'string' }, keep: { type: 'boolean' }, runs: { type: 'string', default: '5' } },
});
const gb = Number(values.gb);
if (!Number.isFinite(gb) || gb <= 0) throw new Error(`--gb must be a positive number, got ${values.gb}`);
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

/** Progress on stderr; the JSON result alone goes to stdout. */
const log = (message: string): void => void process.stderr.write(`[usage-scan] ${message}\n`);

const mb = (kb: number | null) => (kb === null ? null : Math.round(kb / 102.4) / 10);

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ao-usage-bench-'));
  const codexHome = path.join(work, 'codex');
  const claudeDir = path.join(work, 'claude');
  const emptyHome = path.join(work, 'home');
  const engineHome = path.join(work, 'engine');
  await Promise.all([mkdir(codexHome), mkdir(claudeDir), mkdir(emptyHome), mkdir(engineHome)]);
  const report: Record<string, unknown> = { gbRequested: gb, node: process.version, cpus: os.cpus().length };
  try {
    // ---- data ----
    const totals: GeneratedTotals = {
      codex: { requests: 0, input: 0, cached: 0, output: 0, rows: 0, bytes: 0, files: 0 },
      claude: { requests: 0, input: 0, cacheRead: 0, cacheWrite: 0, output: 0, rows: 0, bytes: 0, files: 0 },
    };
    const half = (gb * 1024 ** 3) / 2;
    const t = performance.now();
    log(`generating ${gb} GB in ${work}`);
    await generateCodex(codexHome, half, totals.codex);
    await generateClaude(claudeDir, half, totals.claude);
    const onDisk = { codex: await du(codexHome), claude: await du(claudeDir) };
    report.data = {
      generateMs: Math.round(performance.now() - t),
      bytes: onDisk.codex.bytes + onDisk.claude.bytes,
      gb: Math.round(((onDisk.codex.bytes + onDisk.claude.bytes) / 1024 ** 3) * 1000) / 1000,
      files: onDisk.codex.files + onDisk.claude.files,
      codexRows: totals.codex.rows,
      claudeRows: totals.claude.rows,
      expected: {
        codex: { requests: totals.codex.requests, input: totals.codex.input, output: totals.codex.output },
        claude: {
          requests: totals.claude.requests,
          input: totals.claude.input + totals.claude.cacheWrite + totals.claude.cacheRead,
          output: totals.claude.output,
        },
      },
    };

    // ---- ours: bundled like the shipped CLI (no tsx in the measured process), in a child ----
    log('our scan');
    const env = { ...process.env, HOME: emptyHome };
    const childScript = path.join(work, 'scan-child.mjs');
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(import.meta.dirname, 'scan-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: childScript,
      logLevel: 'warning',
    });
    // Page cache: the files were just written, so both tools read warm data.
    const ours = await measure(process.execPath, [childScript, codexHome, claudeDir], env);
    if (ours.code !== 0) throw new Error(`our scan failed: ${ours.stderr.slice(-2000)}`);
    const child = JSON.parse(ours.stdout.trim().split('\n').pop()!);
    const exp = (report.data as { expected: Record<string, { requests: number; input: number; output: number }> }).expected;
    const correct = ['codex', 'claude'].every(
      (p) => child.totals[p]?.requests === exp[p]!.requests && child.totals[p]?.input === exp[p]!.input && child.totals[p]?.output === exp[p]!.output,
    );
    report.ours = {
      wallMs: Math.round(ours.ms),
      cpuMs: ours.cpuMs,
      scanMs: Math.round(child.elapsedMs),
      peakMb: mb(ours.peakKb ?? child.maxRssKb),
      peakSource: ours.peakKb !== null ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
      totals: child.totals,
      totalsMatchGenerated: correct,
      corruptLines: child.corruptLines,
    };

    log('ccusage');
    // ---- ccusage on the same data: --ccusage/CCUSAGE_BIN if given, else the pinned version ----
    const peers: Record<string, unknown>[] = [];
    const installed = ccusageOverride ? null : await installCcusage();
    const bins = ccusageOverride ? [ccusageOverride] : installed && 'bin' in installed ? [installed.bin] : [];
    if (installed && 'error' in installed) peers.push({ available: false, reason: installed.error });
    for (const bin of bins) peers.push(await runCcusage(bin, env, claudeDir, codexHome));
    const peer = peers.find((p) => p.available) ?? peers[0]!;
    report.ccusage = {
      measured: peer,
      tried: peers,
      codexPackage: '@ccusage/codex not installed: the registry marks it deprecated ("Use npx ccusage instead"); ccusage 20 reads Codex itself',
    };

    // ---- incremental: 1 MB append → updated total in a running service ----
    log('incremental');
    report.incremental = await incremental(codexHome, claudeDir, engineHome, Number(values.runs));

    const oursMs = (report.ours as { wallMs: number }).wallMs;
    const peerMs = peer.available ? (peer.wallMs as number) : null;
    const oursCpu = (report.ours as { cpuMs: number | null }).cpuMs;
    const peerCpu = peer.available ? (peer.cpuMs as number | null) : null;
    report.cpuRatio = oursCpu && peerCpu ? Math.round((peerCpu / oursCpu) * 100) / 100 : null;
    const inc = report.incremental as { watch: { medianMs: number } };
    report.ratio = peerMs === null ? null : Math.round((peerMs / oursMs) * 100) / 100;
    report.goals = {
      speedup: { goal: `>= ${GOALS.speedupVsCcusage}x faster than ccusage`, value: report.ratio, met: peerMs === null ? null : peerMs / oursMs >= GOALS.speedupVsCcusage },
      peakMemory: { goal: `<= ${GOALS.peakMb} MB`, value: (report.ours as { peakMb: number }).peakMb, met: (report.ours as { peakMb: number }).peakMb <= GOALS.peakMb },
      incremental: { goal: `<= ${GOALS.incrementalMs} ms (watch path, median)`, value: inc.watch.medianMs, met: inc.watch.medianMs <= GOALS.incrementalMs },
      correctness: { goal: 'our totals equal the generated totals', met: correct },
    };
  } finally {
    if (values.keep) report.keptData = work;
    else await rm(work, { recursive: true, force: true });
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
async function incremental(codexHome: string, claudeDir: string, home: string, runs: number) {
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
