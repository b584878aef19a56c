/**
 * Finding the Codex thread a session started from its rollout files.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexHomeOf, findCodexThread } from '../../../src/main/engine/agents/restore/codex-thread-finder.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const pad = (n: number) => String(n).padStart(2, '0');

function rollout(home: string, id: string, cwd: string, at: Date): void {
  const dir = path.join(home, 'sessions', String(at.getFullYear()), pad(at.getMonth() + 1), pad(at.getDate()));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `rollout-x-${id}.jsonl`);
  const meta = { timestamp: at.toISOString(), type: 'session_meta', payload: { id, timestamp: at.toISOString(), cwd, originator: 'codex_cli_rs', cli_version: '0.153.4' } };
  writeFileSync(file, `${JSON.stringify(meta)}\n`);
  utimesSync(file, at, at);
}

describe('findCodexThread', () => {
  it('finds the first thread started in the worktree after the session started', async () => {
    const home = makeTempDir('ao-codex-');
    const cwd = makeTempDir('ao-wt-');
    const start = Date.now();
    rollout(home, 'older', cwd, new Date(start - 3_600_000));
    rollout(home, 'elsewhere', '/somewhere/else', new Date(start + 1000));
    rollout(home, 'mine', cwd, new Date(start + 2000));
    rollout(home, 'later', cwd, new Date(start + 9000));
    expect(await findCodexThread({ codexHome: home, cwd, startedAtMs: start, exclude: new Set() })).toBe('mine');
    // Another session in the same worktree already claimed it.
    expect(await findCodexThread({ codexHome: home, cwd, startedAtMs: start, exclude: new Set(['mine']) })).toBe('later');
  });

  it('finds nothing before the first turn (no rollout yet)', async () => {
    expect(await findCodexThread({ codexHome: makeTempDir('ao-codex-'), cwd: '/x', startedAtMs: Date.now(), exclude: new Set() })).toBeNull();
  });

  it('uses CODEX_HOME, else ~/.codex', () => {
    expect(codexHomeOf({ CODEX_HOME: '/h/codex' })).toBe('/h/codex');
    expect(codexHomeOf({})).toMatch(/\.codex$/);
  });
});
