/**
 * The engine and its transport server as their own process, like in the app.
 *
 * Usage: node --import tsx bench/terminal-throughput/engine-host.ts <home>
 * Prints one JSON line `{ baseUrl, token }` when ready. Then reads commands on stdin, one per
 * line: `loop-reset` starts measuring the event loop's delay, `loop-report` prints it as a JSON
 * line `{ p50Ms, p99Ms, maxMs }` (how long a ready callback waited: what a keystroke waits for
 * the engine, apart from the OS scheduler). `cpu-reset` / `cpu-report` do the same for the
 * process's CPU time (user + system, every thread: the mirror thread counts), printed as
 * `{ cpuMs }`. Closing stdin shuts the engine down.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startEngine } from '../../src/main/engine/index.ts';
import { startServer } from '../../src/main/transport/server.ts';

const home = process.argv[2];
if (!home) {
  console.error('usage: engine-host.ts <home>');
  process.exit(2);
}

const engine = await startEngine({ home });
const server = await startServer({ engine, staticDir: null });
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl, token: server.token })}\n`);

const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;
let cpuFrom = process.cpuUsage();
let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close();
  await engine.dispose();
  process.exit(0);
}

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line === 'loop-reset') {
    loopDelay.disable();
    loopDelay.reset();
    loopDelay.enable();
  } else if (line === 'cpu-reset') {
    cpuFrom = process.cpuUsage();
  } else if (line === 'cpu-report') {
    const used = process.cpuUsage(cpuFrom);
    process.stdout.write(`${JSON.stringify({ cpuMs: (used.user + used.system) / 1000 })}\n`);
  } else if (line === 'loop-report') {
    const report = { p50Ms: ms(loopDelay.percentile(50)), p99Ms: ms(loopDelay.percentile(99)), maxMs: ms(loopDelay.max) };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
});
commands.on('close', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
