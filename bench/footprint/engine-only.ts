/**
 * The footprint benchmark's engine-only mode (`BENCH_ENGINE_ONLY=1`): the bundled `serve`, 8 panes
 * of chatty coloured output driven through the real engine (control socket + data socket, a
 * client that acknowledges every frame at once, like a renderer whose xterm keeps up), no browser.
 * Samples the engine's RSS every `--interval` seconds and prints the series as JSON.
 *
 * Half way it detaches and reattaches every pane (what a page reload does to the engine: a fresh
 * snapshot per pane). `BENCH_BASELINE_ROOT=<checkout with dist/cli built>` runs that checkout's
 * engine beside this one, same panes, same clock, so before/after come from one run.
 * `BENCH_ENGINE_PROBE=1` loads bench/footprint/engine-probe.mjs into each engine (and through
 * `execArgv`, into its worker threads): per thread, V8 heap, external memory and ArrayBuffers.
 */
import { type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ENGINE_NODE_FLAGS } from '../../src/main/electron/decisions/app-paths.ts';
import type { SessionSink } from '../../src/shared/protocol/data-client.ts';
import { PLAIN_SHELL } from '../../test/helpers/plain-shell.ts';
import { runSampleLoop } from '../lib/sample-loop.ts';
import { startServe, stopChild } from '../lib/serve.ts';
import { connectEngine, type EngineConnection } from '../terminal-throughput/engine-path.ts';

/** A pane of a 1600 px window split in 8: about 100 columns and 30 rows. */
const COLS = 100;
const ROWS = 30;

const round = (x: number): number => Math.round(x * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function rssMB(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds of a process, every thread (null when it is gone). */
function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Acknowledges at once and remembers nothing: the engine's memory is what is measured. */
class AckingSink implements SessionSink {
  bytes = 0;
  snapshotBytes = 0;
  onSnapshot(data: string): void {
    this.snapshotBytes = data.length;
  }
  onData(data: Uint8Array, processed: () => void): void {
    this.bytes += data.length;
    processed();
  }
  onExit(): void {}
}

interface Engine {
  name: 'engine' | 'baseline';
  serve: ChildProcess;
  connection: EngineConnection;
  ids: string[];
  sinks: AckingSink[];
  probeFile: string | null;
}

async function startEngineWithPanes(
  name: Engine['name'],
  root: string,
  work: string,
  repo: string,
  chatty: string,
  panes: number,
  probe: boolean,
  onChild: (child: ChildProcess) => void,
): Promise<Engine & { idleMB: number | null }> {
  const home = await mkdtemp(path.join(work, `home-${name}-`));
  const probeFile = probe ? path.join(work, `probe-${name}.jsonl`) : null;
  const extra = name === 'baseline' ? baselineEnv() : {};
  const env: NodeJS.ProcessEnv = { SHELL: PLAIN_SHELL, ...extra };
  if (probeFile) {
    env.NODE_OPTIONS = `${extra.NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? ''} --import ${path.join(import.meta.dirname, 'engine-probe.mjs')}`.trim();
    env.AO_BENCH_PROBE_OUT = probeFile;
  }
  const { child: serve, url } = await startServe({ root, home, env, onChild, nodeFlags: nodeFlags(name) });
  const parsed = new URL(url.replace('/#token=', '/?token='));
  const connection = await connectEngine({ baseUrl: parsed.origin, token: parsed.searchParams.get('token')! });
  await sleep(2000);
  const idleMB = rssMB(serve.pid);
  const ids: string[] = [];
  const sinks: AckingSink[] = [];
  for (let n = 0; n < panes; n++) {
    const created = await connection.rpc.terminals.create({ cwd: repo, command: 'bash', args: ['--norc', '--noprofile', chatty], cols: COLS, rows: ROWS });
    if (!created.ok) throw new Error(`terminals.create failed: ${JSON.stringify(created.error)}`);
    const sink = new AckingSink();
    connection.data.attach(created.value.id, sink);
    ids.push(created.value.id);
    sinks.push(sink);
  }
  return { name, serve, connection, ids, sinks, probeFile, idleMB };
}

/**
 * The engine's Node flags: this checkout's as the desktop app passes them (ENGINE_NODE_FLAGS) unless
 * BENCH_ENGINE_NODE_FLAGS says otherwise; the baseline's BENCH_BASELINE_NODE_FLAGS (default none,
 * as engines ran before the flags existed).
 */
function nodeFlags(name: Engine['name']): readonly string[] {
  const set = name === 'engine' ? process.env.BENCH_ENGINE_NODE_FLAGS : (process.env.BENCH_BASELINE_NODE_FLAGS ?? '');
  return set === undefined ? ENGINE_NODE_FLAGS : set.split(/\s+/).filter(Boolean);
}

/** BENCH_BASELINE_ENV="A=1 B=2": environment for the baseline engine only (e.g. an allocator setting). */
function baselineEnv(): NodeJS.ProcessEnv {
  const pairs = (process.env.BENCH_BASELINE_ENV ?? '').split(/\s+/).filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/** Peak, median and growth (median of the last third minus the first third). */
function stats(xs: readonly number[]) {
  if (xs.length === 0) return null;
  const third = Math.max(1, Math.floor(xs.length / 3));
  return { peak: round(Math.max(...xs)), median: round(median(xs)), growth: round(median(xs.slice(-third)) - median(xs.slice(0, third))) };
}

/** The probe's lines, summarized per thread: last and peak of each measure, in MB. */
async function probeSummary(file: string | null) {
  if (!file) return undefined;
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const byThread = new Map<number, Array<Record<string, number> & { spaces?: Record<string, number> }>>();
  for (const line of lines) {
    const row = JSON.parse(line) as Record<string, number> & { spaces?: Record<string, number> };
    const list = byThread.get(row.threadId!) ?? [];
    list.push(row);
    byThread.set(row.threadId!, list);
  }
  const mb = (x: number | undefined): number => round((x ?? 0) / 1048576);
  return [...byThread.entries()].map(([threadId, rows]) => {
    const last = rows[rows.length - 1]!;
    const peak = (key: string): number => mb(Math.max(...rows.map((r) => r[key] ?? 0)));
    return {
      threadId,
      thread: last.name,
      samples: rows.length,
      last: { heapTotalMB: mb(last.heapTotal), heapUsedMB: mb(last.heapUsed), externalMB: mb(last.external), arrayBuffersMB: mb(last.arrayBuffers), mallocedMB: mb(last.malloced) },
      lastSpacesMB: Object.fromEntries(Object.entries(last.spaces ?? {}).map(([space, bytes]) => [space, mb(bytes)])),
      peak: { heapTotalMB: peak('heapTotal'), heapUsedMB: peak('heapUsed'), externalMB: peak('external'), arrayBuffersMB: peak('arrayBuffers') },
    };
  });
}

export async function runEngineOnly(options: {
  root: string;
  work: string;
  repo: string;
  chatty: string;
  seconds: number;
  intervalMs: number;
  panes: number;
}): Promise<unknown> {
  const { root, work, repo, chatty, seconds, intervalMs, panes } = options;
  const probe = process.env.BENCH_ENGINE_PROBE === '1';
  const baselineRoot = process.env.BENCH_BASELINE_ROOT ? path.resolve(process.env.BENCH_BASELINE_ROOT) : null;
  const children: ChildProcess[] = [];
  const engines: Array<Awaited<ReturnType<typeof startEngineWithPanes>>> = [];
  const loadBefore = os.loadavg().map(round);
  try {
    engines.push(await startEngineWithPanes('engine', root, work, repo, chatty, panes, probe, (c) => children.push(c)));
    if (baselineRoot) engines.push(await startEngineWithPanes('baseline', baselineRoot, work, repo, chatty, panes, probe, (c) => children.push(c)));

    const cpuFrom = engines.map((engine) => cpuSeconds(engine.serve.pid));
    const series: Array<{ t: number; phase: 'before-reattach' | 'after-reattach' } & Record<string, number | null | string>> = [];
    let reattachedAt: number | null = null;
    await runSampleLoop({
      seconds,
      intervalMs,
      halfway: (elapsed) => {
        // A page reload: every pane detaches, then attaches again and gets a fresh snapshot.
        for (const engine of engines) {
          for (const id of engine.ids) engine.connection.data.detach(id);
          engine.sinks.forEach((_, i) => {
            engine.sinks[i] = new AckingSink();
            engine.connection.data.attach(engine.ids[i]!, engine.sinks[i]!);
          });
        }
        reattachedAt = round(elapsed);
      },
      sample: (elapsed, afterHalfway) => {
        const sample: (typeof series)[number] = { t: round(elapsed), phase: afterHalfway ? 'after-reattach' : 'before-reattach' };
        for (const engine of engines) sample[`${engine.name}MB`] = rssMB(engine.serve.pid);
        series.push(sample);
      },
    });

    const cpuTo = engines.map((engine) => cpuSeconds(engine.serve.pid));
    const summaries = await Promise.all(
      engines.map(async (engine, i) => {
        const values = (phase?: string) =>
          series.filter((s) => !phase || s.phase === phase).map((s) => s[`${engine.name}MB`]).filter((x): x is number => typeof x === 'number');
        return {
          name: engine.name,
          idleMB: engine.idleMB,
          cpuSeconds: cpuTo[i] !== null && cpuFrom[i] !== null ? round(cpuTo[i]! - cpuFrom[i]!) : null,
          outputMB: round(engine.sinks.reduce((sum, sink) => sum + sink.bytes, 0) / 1e6),
          snapshotKB: Math.round(engine.sinks.reduce((sum, sink) => sum + sink.snapshotBytes, 0) / 1024),
          rssMB: { all: stats(values()), beforeReattach: stats(values('before-reattach')), afterReattach: stats(values('after-reattach')) },
          ...(probe ? { threads: await probeSummary(engine.probeFile) } : {}),
        };
      }),
    );
    const byName = Object.fromEntries(summaries.map((s) => [s.name, s]));
    const ratio = (get: (s: (typeof summaries)[number]) => number | null | undefined): number | null => {
      const now = byName.engine ? get(byName.engine) : null;
      const before = byName.baseline ? get(byName.baseline) : null;
      return now && before ? Math.round((now / before) * 1000) / 1000 : null;
    };
    return {
      mode: 'engine-only',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGB: round(os.totalmem() / 2 ** 30), node: process.version },
      loadAverage: { before: loadBefore, after: os.loadavg().map(round) },
      settings: {
        seconds,
        intervalSeconds: intervalMs / 1000,
        panes,
        cols: COLS,
        rows: ROWS,
        engineNodeFlags: nodeFlags('engine'),
        baselineRoot,
        baselineNodeFlags: baselineRoot ? nodeFlags('baseline') : null,
        baselineEnv: baselineRoot ? baselineEnv() : null,
        probe,
        reattachedAt,
      },
      engines: summaries,
      // this checkout ÷ BENCH_BASELINE_ROOT's, measured side by side.
      ratios: baselineRoot
        ? { peak: ratio((s) => s.rssMB.all?.peak), median: ratio((s) => s.rssMB.all?.median), idle: ratio((s) => s.idleMB), cpu: ratio((s) => s.cpuSeconds) }
        : null,
      goals: { enginePeakMB: 150, growthMB: 0 },
      met: byName.engine ? { enginePeak: (byName.engine.rssMB.all?.peak ?? Infinity) <= 150 } : null,
      series,
    };
  } finally {
    for (const engine of engines) engine.connection.close();
    await Promise.all(
      children.map((child) => stopChild(child)),
    );
  }
}
