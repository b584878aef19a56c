/**
 * Per-worktree port blocks, persisted in `<home>/ports.json` and exported as environment.
 *
 * The file is the only state: every call reads it, and changes happen under a file lock, so
 * the app's engine and a CLI running its own engine on the same data directory never hand out
 * the same ports twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import * as z from 'zod';
import { chooseBlock, portsOf, type PortBlock, type PortRange } from './port-allocator.ts';
import { readBoundedFile, textOf } from '../fs/index.ts';
import { withFileLock } from '../state/index.ts';

/** ports.json holds one small entry per worktree; anything bigger is not ours. */
const MAX_PORTS_FILE_BYTES = 8 * 1024 * 1024;

const PortsFileSchema = z.object({
  version: z.literal(1),
  blocks: z.array(
    z.object({ path: z.string(), repoId: z.string(), start: z.number().int(), count: z.number().int() }),
  ),
});
type PortsFile = z.infer<typeof PortsFileSchema>;
export type PortReservation = PortsFile['blocks'][number];

/** Whether nobody listens on `port` on the loopback interface (we bind it and let go). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface PortServiceOptions {
  home: string;
  /** Probe for a free port (tests replace it). */
  isFree?: (port: number) => Promise<boolean>;
}

/** Reserves, looks up and releases port blocks. */
export class PortService {
  readonly file: string;
  private readonly isFree: (port: number) => Promise<boolean>;

  constructor(options: PortServiceOptions) {
    this.file = path.join(options.home, 'ports.json');
    this.isFree = options.isFree ?? ((port) => isPortFree(port));
  }

  /** Every reservation. */
  async list(): Promise<PortReservation[]> {
    return (await this.read()).blocks;
  }

  /** The reservation of a worktree, if any. */
  async get(worktreePath: string): Promise<PortReservation | null> {
    return (await this.read()).blocks.find((block) => block.path === worktreePath) ?? null;
  }

  /**
   * The worktree's block: the one already reserved if its size still matches `range.count`,
   * otherwise a new one (stable slot, no overlap, every port free). Null when the range is full.
   */
  async reserve(repoId: string, worktreePath: string, range: PortRange): Promise<PortReservation | null> {
    return this.locked(async () => {
      const state = await this.read({ setAside: true });
      const existing = state.blocks.find((block) => block.path === worktreePath);
      if (existing && existing.count === range.count) return existing;
      const others = state.blocks.filter((block) => block.path !== worktreePath);
      const block = await chooseBlock(worktreePath, range, others, this.isFree);
      if (!block) return null;
      const reservation = { path: worktreePath, repoId, ...block };
      await this.write({ version: 1, blocks: [...others, reservation] });
      return reservation;
    });
  }

  /** Forget a worktree's block (after it was removed or archived). */
  async release(worktreePath: string): Promise<void> {
    await this.locked(async () => {
      const state = await this.read({ setAside: true });
      const blocks = state.blocks.filter((block) => block.path !== worktreePath);
      if (blocks.length !== state.blocks.length) await this.write({ version: 1, blocks });
    });
  }

  /**
   * The reservation whose worktree contains `dir` (the deepest one, for nested layouts), so a
   * session started in a subfolder gets its worktree's ports.
   */
  async findFor(dir: string): Promise<PortReservation | null> {
    const target = path.resolve(dir);
    let best: PortReservation | null = null;
    for (const block of (await this.read()).blocks) {
      const inside = target === block.path || target.startsWith(block.path.endsWith(path.sep) ? block.path : block.path + path.sep);
      if (inside && (!best || block.path.length > best.path.length)) best = block;
    }
    return best;
  }

  /**
   * The file's reservations. Missing: none. Unreadable or invalid: the file is set aside as
   * `ports.json.corrupt-<time>` (never silently emptied: the blocks in it may be in use, and the
   * user can look) and the state starts empty.
   */
  private async read(options: { setAside?: boolean } = {}): Promise<PortsFile> {
    const read = await readBoundedFile(this.file, MAX_PORTS_FILE_BYTES);
    if (!read.ok && read.reason === 'missing') return { version: 1, blocks: [] };
    if (read.ok) {
      try {
        const parsed = PortsFileSchema.safeParse(JSON.parse(textOf(read.bytes)));
        if (parsed.success) return parsed.data;
      } catch {
        // Not JSON: set aside below.
      }
    }
    // Only a lock holder moves the file: a reader could otherwise move a valid file that a
    // writer renamed into place a moment after the bad read.
    if (!options.setAside) return { version: 1, blocks: [] };
    await rename(this.file, `${this.file}.corrupt-${Date.now()}-${randomBytes(3).toString('hex')}`).catch(() => undefined);
    process.emitWarning(`${this.file} was unreadable or invalid; set aside, starting with no port reservations`);
    return { version: 1, blocks: [] };
  }

  private async write(state: PortsFile): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(state, null, 2) + '\n', { encoding: 'utf8', mode: 0o600 });
    await rename(temp, this.file);
  }

  /**
   * Run `task` holding the cross-process lock (proper-lockfile: a live holder keeps it fresh, so
   * it is never taken from a slow process, only from a dead one).
   */
  private locked<T>(task: () => Promise<T>): Promise<T> {
    return withFileLock(this.file, task);
  }
}

/**
 * The environment a worktree's processes get: `PORT` (the first port) and
 * `AGENT_ORCHESTRATOR_PORT_0..N-1`. Empty for a block of zero ports.
 */
export function portEnv(block: PortBlock | null): Record<string, string> {
  if (!block || block.count <= 0) return {};
  const ports = portsOf(block);
  const env: Record<string, string> = { PORT: String(ports[0]) };
  ports.forEach((port, index) => (env[`AGENT_ORCHESTRATOR_PORT_${index}`] = String(port)));
  return env;
}
