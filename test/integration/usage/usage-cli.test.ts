/**
 * `agent-orchestrator usage` as a process: JSON and table output, day bucketing under two time
 * zones (TZ), --since filtering, several accounts from comma lists, and flag errors.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, expected, tempDir } from '../../unit/usage/fixtures.ts';

const RUNNER = path.resolve('test/integration/usage/run-usage-command.ts');

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: Awaited<ReturnType<typeof tempDir>>;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await tempDir();
  // A Codex home with requests around midnight UTC.
  const file = path.join(dir.root, 'codex-night/sessions/2026/09/10/rollout-2026-09-10T22-00-00-019a7777-0000-7000-8000-000000000001.jsonl');
  await mkdir(path.dirname(file), { recursive: true });
  const u = (n: number) => ({ input_tokens: n, cached_input_tokens: 0, output_tokens: 1, reasoning_output_tokens: 0, total_tokens: n + 1 });
  const rows = [
    { timestamp: '2026-09-10T22:00:00.000Z', type: 'session_meta', payload: { id: '019a7777-0000-7000-8000-000000000001', timestamp: '2026-09-10T22:00:00.000Z', cwd: '/w/night', originator: 'codex_cli_rs', cli_version: '0.153.4' } },
    { timestamp: '2026-09-10T22:30:00.000Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: u(100), last_token_usage: u(100) }, rate_limits: null } },
    { timestamp: '2026-09-11T01:00:00.000Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: u(300), last_token_usage: u(200) }, rate_limits: null } },
    { timestamp: '2026-09-11T12:00:00.000Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: u(700), last_token_usage: u(400) }, rate_limits: null } },
  ];
  await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  env = {
    HOME: dir.root,
    AGENT_ORCHESTRATOR_HOME: path.join(dir.root, 'app'),
    CODEX_HOME: `${path.join(dir.root, 'codex-night')},${path.join(FIXTURES, 'codex/home-a')}`,
    CLAUDE_CONFIG_DIR: `${path.join(FIXTURES, 'claude/config-a')},${path.join(FIXTURES, 'claude/config-b')}`,
    GEMINI_DIR: path.join(FIXTURES, 'gemini/home'),
  };
});
afterAll(async () => dir.cleanup());

describe('usage command', () => {
  it('buckets days in the user time zone (TZ)', async () => {
    const byZone: Record<string, Record<string, number>> = {};
    for (const tz of ['Europe/Berlin', 'America/Los_Angeles']) {
      const { code, stdout, stderr } = await run(['--json', '--since', '2026-09-10'], { ...env, TZ: tz });
      expect(code, stderr).toBe(0);
      const json = JSON.parse(stdout);
      expect(json.summary.timeZone).toBe(tz);
      const days: Record<string, number> = {};
      for (const d of json.summary.byDay) if (d.provider === 'codex') days[d.day] = d.totals.inputTokens;
      byZone[tz] = days;
    }
    const homeA = await expected('codex/home-a');
    // home-a has 47 102 input on 09-10 and 1 800 on 09-12 in both zones (no rows near midnight).
    expect(byZone['Europe/Berlin']).toEqual({ '2026-09-10': homeA.byDayUTC['2026-09-10'].inputTokens, '2026-09-11': 700, '2026-09-12': homeA.byDayUTC['2026-09-12'].inputTokens });
    expect(byZone['America/Los_Angeles']).toEqual({ '2026-09-10': homeA.byDayUTC['2026-09-10'].inputTokens + 300, '2026-09-11': 400, '2026-09-12': homeA.byDayUTC['2026-09-12'].inputTokens });
  });

  it('prints a table with every section and keeps accounts apart', async () => {
    const { code, stdout } = await run([], { ...env, TZ: 'UTC' });
    expect(code).toBe(0);
    for (const heading of ['By provider', 'By day', 'By worktree', 'Rate-limit windows']) expect(stdout).toContain(heading);
    expect(stdout).toContain(path.join(FIXTURES, 'claude/config-b'));
    expect(stdout).toMatch(/claude\s+.*unknown: Claude transcripts carry no window data/s);
    expect(stdout).toContain('unpriced');
  });

  it('rejects a bad --since with exit code 2', async () => {
    const { code, stderr } = await run(['--since', 'yesterday'], env);
    expect(code).toBe(2);
    expect(stderr).toContain('--since must be a date');
  });
});
