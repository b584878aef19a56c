/**
 * Baseline: read the same floods straight from node-pty, with nothing else in the path.
 */
import { spawn, type IPty } from 'node-pty';
import { BASH, COLS, floodArgs, ROWS, type FloodKind } from './flood.ts';

/** Bytes moved, over how long, the rate in MB/s (10^6 bytes), and the reader's CPU per MB. */
export interface Throughput {
  bytes: number;
  seconds: number;
  mbps: number;
  /** CPU (user + system) of the reading process per MB moved: this process, or the engine's. */
  cpuMsPerMB: number | null;
}

/**
 * Run `sessions` floods of `bytesEach` random bytes concurrently; count what node-pty delivers.
 * The clock stops at the last byte read (not at the exits, which come a little later).
 */
export async function measureRaw(sessions: number, bytesEach: number, cwd: string, kind: FloodKind = 'plain'): Promise<Throughput> {
  let bytes = 0;
  let lastByteAt = 0;
  const ptys: IPty[] = [];
  const exits: Array<Promise<void>> = [];
  for (let i = 0; i < sessions; i++) {
    const pty = spawn(BASH, floodArgs(bytesEach, kind), { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd, encoding: null });
    // With `encoding: null` node-pty emits Buffers; its typings only know strings.
    (pty.onData as unknown as (listener: (data: Buffer) => void) => void)((data) => {
      bytes += data.length;
      lastByteAt = performance.now();
    });
    exits.push(new Promise((resolve) => pty.onExit(() => resolve())));
    ptys.push(pty);
  }
  // Let every bash reach its `read` before releasing them together, as the engine path does.
  await new Promise((resolve) => setTimeout(resolve, 300));
  bytes = 0;
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  for (const pty of ptys) pty.write('\r');
  await Promise.all(exits);
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (lastByteAt - start) / 1000;
  return { bytes, seconds, mbps: bytes / 1e6 / seconds, cpuMsPerMB: (cpu.user + cpu.system) / 1000 / (bytes / 1e6) };
}
