/**
 * Terminal throughput and keystroke latency through the whole data path.
 *
 * Run: node --import tsx bench/terminal-throughput/index.ts   (or `npm run bench`)
 * Prints one JSON object; see bench/README.md for how to read it.
 *
 * Environment:
 *   BENCH_MB=80           random megabytes per round (split over the sessions; base64 makes ~1.37×)
 *   BENCH_SESSIONS=1,4,8  concurrency levels
 *   BENCH_KINDS=plain,coloured  flood kinds (flood.ts)
 *   BENCH_ECHO_SAMPLES=200
 *   BENCH_IN_PROCESS=1    run the engine in this process instead of a child
 *   BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   extra node flags for the engine child
 *   BENCH_ENGINE_SOURCE=1 run the engine child from source through tsx instead of bundled
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENGINE_NODE_FLAGS } from '../../src/main/electron/decisions/app-paths.ts';
import type { EngineEndpoint } from '../../src/shared/protocol/client.ts';
import { connectEngine, measureEcho, measureEngine } from './engine-path.ts';
import type { FloodKind } from './flood.ts';
import { measureRaw } from './raw-baseline.ts';
import { percentile, round } from './stats.ts';

/** Issue 14's goals: 8-session throughput vs raw, engine CPU per MB vs the raw reader's, echo p99. */
const GOALS = { ratio8Plain: 0.65, ratio8Coloured: 0.6, cpuPerMBVsRaw: 2, echoP99Ms: 20 };
const kinds = (process.env.BENCH_KINDS ?? 'plain,coloured').split(',') as FloodKind[];
const totalBytes = Number(process.env.BENCH_MB ?? 80) * 1e6;
const levels = (process.env.BENCH_SESSIONS ?? '1,4,8').split(',').map(Number);
const echoSamples = Number(process.env.BENCH_ECHO_SAMPLES ?? 200);
const ECHO_INTERVAL_MS = 20;
const ECHO_FLOODS = 8;

interface RunningEngine {
  endpoint: EngineEndpoint;
  /** Start measuring the engine's event-loop delay (child process only). */
  resetLoopDelay(): void;
  /** The delay since the reset, or null when the engine runs in this process. */
  loopDelay(): Promise<{ p50Ms: number; p99Ms: number; maxMs: number } | null>;
  /** The engine process's CPU time (every thread) from `reset` to `report`; null in-process. */
  cpu: { reset(): void; report(): Promise<number | null> };
  stop(): Promise<void>;
}

/**
 * The engine host's command: bundled like the app's engine (esbuild, the same entry points and
 * workers as dist/cli, into `bundleDir`), or from source through tsx (BENCH_ENGINE_SOURCE=1).
 * The bundle is what users run; through tsx, modules and worker threads loaded during a
 * measurement (node-pty at the first spawn, the mirror thread after an idle stop) are compiled
 * on the fly and their CPU counted as the engine's.
 */
async function engineHostCommand(bundleDir: string): Promise<string[]> {
  const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-host.ts');
  if (ENGINE_BUILD === 'source') return ['--import', 'tsx', source];
  const { buildCli } = (await import(pathToFileURL(path.join(repositoryRoot, 'scripts', 'build.mjs')).href)) as {
    buildCli(options: { outDir: string; extraEntries: Record<string, string> }): Promise<unknown>;
  };
  await buildCli({ outDir: bundleDir, extraEntries: { 'engine-host': path.relative(repositoryRoot, source) } });
  return [path.join(bundleDir, 'engine-host.mjs')];
}

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENGINE_BUILD: 'bundled' | 'source' = process.env.BENCH_ENGINE_SOURCE === '1' ? 'source' : 'bundled';

/** The engine as a child process, as in the app (its own event loop, its own core). */
async function startEngineProcess(home: string): Promise<RunningEngine> {
  // Inside the repository, where the bundle's external modules (node-pty) resolve, like dist/cli.
  const host = await engineHostCommand(path.join(repositoryRoot, 'dist', 'bench-engine'));
  const extra = (process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  // The desktop app's Node flags for the engine (ENGINE_NODE_FLAGS), then any extra ones.
  const child: ChildProcess = spawn(process.execPath, [...ENGINE_NODE_FLAGS, ...extra, ...host, home], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const nextLine = (): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`engine host exited with ${code}`)));
    });
  const endpoint = JSON.parse(await nextLine()) as EngineEndpoint;
  return {
    endpoint,
    resetLoopDelay: () => child.stdin!.write('loop-reset\n'),
    async loopDelay() {
      const reply = nextLine();
      child.stdin!.write('loop-report\n');
      return JSON.parse(await reply) as { p50Ms: number; p99Ms: number; maxMs: number };
    },
    cpu: {
      reset: () => child.stdin!.write('cpu-reset\n'),
      async report() {
        const reply = nextLine();
        child.stdin!.write('cpu-report\n');
        return (JSON.parse(await reply) as { cpuMs: number }).cpuMs;
      },
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

async function startEngineHere(home: string): Promise<RunningEngine> {
  const { startEngine } = await import('../../src/main/engine/index.ts');
  const { startServer } = await import('../../src/main/transport/server.ts');
  const engine = await startEngine({ home });
  const server = await startServer({ engine, staticDir: null });
  return {
    endpoint: { baseUrl: server.baseUrl, token: server.token },
    resetLoopDelay: () => undefined,
    loopDelay: async () => null,
    cpu: { reset: () => undefined, report: async () => null },
    async stop() {
      await server.close();
      await engine.dispose();
    },
  };
}

async function main(): Promise<void> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'ao-bench-home-'));
  const cwd = await mkdtemp(path.join(os.tmpdir(), 'ao-bench-cwd-'));
  const inProcess = process.env.BENCH_IN_PROCESS === '1';
  const engine = inProcess ? await startEngineHere(home) : await startEngineProcess(home);
  const connection = await connectEngine(engine.endpoint);
  try {
    const throughput: Array<{ kind: FloodKind; sessions: number; ratio: number; cpuPerMBVsRaw: number | null } & Record<string, unknown>> = [];
    for (const kind of kinds) {
      for (const sessions of levels) {
        const bytesEach = Math.round(totalBytes / sessions);
        const raw = await measureRaw(sessions, bytesEach, cwd, kind);
        const viaEngine = await measureEngine(connection, sessions, bytesEach, cwd, kind, engine.cpu);
        throughput.push({
          kind,
          sessions,
          engineMBps: round(viaEngine.mbps),
          rawMBps: round(raw.mbps),
          ratio: round(viaEngine.mbps / raw.mbps, 3),
          engineCpuMsPerMB: viaEngine.cpuMsPerMB === null ? null : round(viaEngine.cpuMsPerMB),
          rawReaderCpuMsPerMB: raw.cpuMsPerMB === null ? null : round(raw.cpuMsPerMB),
          cpuPerMBVsRaw: viaEngine.cpuMsPerMB === null || !raw.cpuMsPerMB ? null : round(viaEngine.cpuMsPerMB / raw.cpuMsPerMB, 2),
          engineSeconds: round(viaEngine.seconds),
          rawSeconds: round(raw.seconds),
          engineMB: round(viaEngine.bytes / 1e6, 1),
          rawMB: round(raw.bytes / 1e6, 1),
        });
      }
    }
    const echo: Record<string, unknown> = {};
    const echoP99: Record<string, number | null> = {};
    for (const kind of kinds) {
      const result = await measureEcho(connection, ECHO_FLOODS, echoSamples, ECHO_INTERVAL_MS, cwd, kind, () => engine.resetLoopDelay());
      const engineLoopDelay = await engine.loopDelay();
      const p99Ms = round(percentile(result.latenciesMs, 99));
      echoP99[kind] = result.timeouts === 0 ? p99Ms : null;
      echo[kind] = {
        p50Ms: round(percentile(result.latenciesMs, 50)),
        p99Ms,
        maxMs: round(Math.max(...result.latenciesMs)),
        samples: result.latenciesMs.length,
        timeouts: result.timeouts,
        floods: ECHO_FLOODS,
        floodMB: round(result.floodBytes / 1e6, 1),
        engineLoopDelay,
      };
    }
    const at8 = (kind: FloodKind) => throughput.find((entry) => entry.sessions === 8 && entry.kind === kind);
    const worstCpu = Math.max(...throughput.map((entry) => entry.cpuPerMBVsRaw ?? Number.POSITIVE_INFINITY));
    const report = {
      benchmark: 'terminal-throughput',
      date: new Date().toISOString(),
      engine: inProcess ? 'in-process' : 'child-process',
      engineBuild: inProcess ? 'source' : ENGINE_BUILD,
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((value) => round(value)),
      randomMBPerRound: totalBytes / 1e6,
      throughput,
      echo,
      goals: GOALS,
      met: {
        ratio8Plain: (at8('plain')?.ratio ?? 0) >= GOALS.ratio8Plain,
        ratio8Coloured: (at8('coloured')?.ratio ?? 0) >= GOALS.ratio8Coloured,
        cpuPerMBVsRaw: worstCpu <= GOALS.cpuPerMBVsRaw,
        echoP99Ms: Object.values(echoP99).every((p99) => p99 !== null && p99 <= GOALS.echoP99Ms),
      },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    connection.close();
    await engine.stop();
    await rm(home, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  }
}

await main();
