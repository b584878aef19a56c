/**
 * Baseline: read the same floods straight from node-pty, with nothing else in the path.
 */
import { spawn, type IPty } from 'node-pty';
import { BASH, COLS, floodArgs, ROWS } from './flood.ts';

/** Bytes moved, over how long, and the rate in MB/s (10^6 bytes). */
export interface Throughput {
  bytes: number;
  seconds: number;
  mbps: number;
}

/** Run `sessions` floods of `bytesEach` random bytes concurrently; count what node-pty delivers. */
export async function measureRaw(sessions: number, bytesEach: number, cwd: string): Promise<Throughput> {
  let bytes = 0;
  const ptys: IPty[] = [];
  const exits: Array<Promise<void>> = [];
  for (let i = 0; i < sessions; i++) {
    const pty = spawn(BASH, floodArgs(bytesEach), { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd, encoding: null });
    // With `encoding: null` node-pty emits Buffers; its typings only know strings.
    (pty.onData as unknown as (listener: (data: Buffer) => void) => void)((data) => {
      bytes += data.length;
    });
    exits.push(new Promise((resolve) => pty.onExit(() => resolve())));
    ptys.push(pty);
  }
  // Let every bash reach its `read` before releasing them together, as the engine path does.
  await new Promise((resolve) => setTimeout(resolve, 300));
  bytes = 0;
  const start = performance.now();
  for (const pty of ptys) pty.write('\r');
  await Promise.all(exits);
  const seconds = (performance.now() - start) / 1000;
  return { bytes, seconds, mbps: bytes / 1e6 / seconds };
}
