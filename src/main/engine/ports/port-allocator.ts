/**
 * Choosing a worktree's block of ports: stable, not overlapping other blocks, free right now.
 */
import { createHash } from 'node:crypto';

/** A reserved block: `count` consecutive ports from `start`. */
export interface PortBlock {
  readonly start: number;
  readonly count: number;
}

/** Where blocks are taken from and how big they are. */
export interface PortRange {
  readonly count: number;
  readonly rangeStart: number;
  /** Inclusive. */
  readonly rangeEnd: number;
}

/**
 * Ports below the ephemeral range on every major OS (Linux starts at 32768, Windows and macOS at
 * 49152), above the well-known and most common development ports (3000, 5173, 8080 …).
 */
export const DEFAULT_PORT_RANGE: PortRange = { count: 10, rangeStart: 20000, rangeEnd: 29999 };

/** Whether two blocks share a port. */
export function overlaps(a: PortBlock, b: PortBlock): boolean {
  return a.start < b.start + b.count && b.start < a.start + a.count;
}

/** The ports of a block, in order (`PORT` is the first). */
export function portsOf(block: PortBlock): number[] {
  return Array.from({ length: block.count }, (_, i) => block.start + i);
}

/**
 * The slot a worktree prefers: a hash of its path, so the same worktree gets the same block after
 * a reinstall or a lost state file, and different worktrees spread over the range (emdash does the
 * same with `hash(path) % 1000`).
 */
export function preferredSlot(key: string, slots: number): number {
  const digest = createHash('sha256').update(key).digest();
  return digest.readUInt32BE(0) % Math.max(1, slots);
}

/**
 * Find a block for `key`: starting at its preferred slot, the first slot that overlaps no block in
 * `taken` and whose every port `isFree` says is free. Null when the range is exhausted.
 */
export async function chooseBlock(
  key: string,
  range: PortRange,
  taken: readonly PortBlock[],
  isFree: (port: number) => Promise<boolean>,
): Promise<PortBlock | null> {
  if (range.count <= 0) return { start: 0, count: 0 };
  const slots = Math.floor((range.rangeEnd - range.rangeStart + 1) / range.count);
  if (slots <= 0) return null;
  const first = preferredSlot(key, slots);
  for (let i = 0; i < slots; i++) {
    const slot = (first + i) % slots;
    const block = { start: range.rangeStart + slot * range.count, count: range.count };
    if (taken.some((other) => overlaps(block, other))) continue;
    let free = true;
    for (const port of portsOf(block)) {
      if (!(await isFree(port))) {
        free = false;
        break;
      }
    }
    if (free) return block;
  }
  return null;
}
