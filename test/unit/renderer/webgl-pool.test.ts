// @vitest-environment jsdom
import type { Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { WebglPool } from '../../../src/renderer/terminals/webgl-pool.ts';

const acceptingTerminal = { loadAddon: () => {} } as unknown as Terminal;

describe('WebglPool', () => {
  it('falls back (null) when WebGL cannot be loaded, without using a slot', () => {
    const pool = new WebglPool(4);
    const failing = {
      loadAddon: () => {
        throw new Error('WebGL2 not supported');
      },
    } as unknown as Terminal;
    expect(pool.acquire(failing, () => {})).toBeNull();
    expect(pool.size).toBe(0);
  });

  it('caps the number of WebGL terminals and frees a slot on release (once)', () => {
    const pool = new WebglPool(1);
    const lease = pool.acquire(acceptingTerminal, () => {});
    expect(lease).not.toBeNull();
    expect(pool.acquire(acceptingTerminal, () => {})).toBeNull();
    lease!.release();
    lease!.release();
    expect(pool.size).toBe(0);
    expect(pool.acquire(acceptingTerminal, () => {})).not.toBeNull();
  });
});
