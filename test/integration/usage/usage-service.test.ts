/**
 * UsageService end to end on copies of the fixtures: backfill in a worker thread, attribution to
 * worktrees, live updates through the watcher and through the poll, restart from the saved index,
 * Claude status-line ingestion, stalls from the screen and the "continue" decision.
 */
import { appendFile, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageService } from '../../../src/main/engine/usage/usage-service.ts';
import { decodeIndexPart, encodeIndexPart } from '../../../src/main/engine/usage/scan/index-store.ts';
import { INDEX_VERSION } from '../../../src/main/engine/usage/scan/usage-index.ts';
import type { UsageChangedEvent } from '../../../src/shared/protocol/usage.ts';
import { FIXTURES, expected, tempCopy, tempDir } from '../../unit/usage/fixtures.ts';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const MAIN = 'sessions/2026/09/10/rollout-2026-09-10T10-15-02-019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e10.jsonl';
const WT = '/Users/dev/src/acme/.worktrees/feat-login';
const NOW = Date.parse('2026-09-10T09:00:00Z');

function row(ts: string, total: number, last: number): string {
  const u = (n: number) => ({ input_tokens: n, cached_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0, total_tokens: n + 10 });
  return JSON.stringify({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: u(total), last_token_usage: u(last), model_context_window: 258400 }, rate_limits: null } }) + '\n';
}

async function world() {
  const codex = await tempCopy('codex/home-a');
  const claude = await tempCopy('claude/config-a');
  const home = await tempDir();
  cleanups.push(codex.cleanup, claude.cleanup, home.cleanup);
  const sources = [
    { provider: 'codex' as const, root: codex.root },
    { provider: 'claude' as const, root: claude.root },
  ];
  const sumOf = (e: Record<string, any>) => Object.values<any>(e.sessions).reduce((a, s) => ({ input: a.input + s.inputTokens, requests: a.requests + s.requests }), { input: 0, requests: 0 });
  const a = sumOf(await expected('codex/home-a'));
  const b = sumOf(await expected('claude/config-a'));
  return { codex: codex.root, claude: claude.root, home: home.root, sources, total: { input: a.input + b.input, requests: a.requests + b.requests } };
}

function service(w: Awaited<ReturnType<typeof world>>, extra: Partial<ConstructorParameters<typeof UsageService>[0]> = {}) {
  const s = new UsageService({
    home: w.home,
    sources: w.sources,
    roots: async () => [{ repoId: 'acme', path: '/Users/dev/src/acme' }, { repoId: 'acme', path: WT }],
    timeZone: 'UTC',
    now: () => NOW,
    pollMs: 60_000,
    ...extra,
  });
  cleanups.push(() => s.dispose());
  return s;
}

/** Bytes read as the saved index parts count them (before a warm start adds to them). */
async function savedBytesRead(w: Awaited<ReturnType<typeof world>>): Promise<{ bytesRead: number }> {
  const dir = path.join(w.home, 'usage');
  let bytesRead = 0;
  for (const part of await readdir(dir)) bytesRead += decodeIndexPart(await readFile(path.join(dir, part)))!.stats.bytesRead;
  return { bytesRead };
}

function nextChange(s: UsageService, what: 'summary' | 'quota'): Promise<UsageChangedEvent> {
  return new Promise((resolve) => {
    const off = s.onDidChange((e) => {
      if (e.what.includes(what)) {
        off();
        resolve(e);
      }
    });
  });
}

describe('UsageService', () => {
  it('backfills in a worker and attributes usage to worktrees', async () => {
    const w = await world();
    const s = service(w);
    await s.start();
    const summary = await s.summary({});
    expect(summary.scan.backfillInWorker).toBe(true);
    expect(summary.scan.phase).toBe('live');
    expect({ input: summary.totals.inputTokens, requests: summary.totals.requests }).toEqual(w.total);
    const feat = summary.byWorktree.filter((g) => g.worktreePath === WT).reduce((a, g) => a + g.totals.requests, 0);
    const main = summary.byWorktree.filter((g) => g.worktreePath === '/Users/dev/src/acme').reduce((a, g) => a + g.totals.requests, 0);
    const codex = await expected('codex/home-a');
    expect(main).toBe(codex.byCwd['/Users/dev/src/acme'].requests);
    expect(feat + main).toBe(w.total.requests);
    const quota = s.quota();
    // Last rate-limit row at 08:16, now 09:00: known but stale (> 15 min).
    expect(quota.providers.find((p) => p.provider === 'codex')!.status).toBe('stale');
    expect(quota.providers.find((p) => p.provider === 'claude')!.status).toBe('unknown');
  });

  it('updates totals from a watched append, and from the poll when watching is off', async () => {
    for (const watch of [true, false]) {
      const w = await world();
      const s = service(w, watch ? {} : { watch: false, pollMs: 100 });
      await s.start();
      const changed = nextChange(s, 'summary');
      await appendFile(path.join(w.codex, MAIN), row('2026-09-10T08:30:00.000Z', 90_000, 1234));
      await changed;
      const summary = await s.summary({});
      expect({ input: summary.totals.inputTokens, requests: summary.totals.requests }, `watch=${watch}`).toEqual({ input: w.total.input + 1234, requests: w.total.requests + 1 });
      await s.dispose();
    }
  });

  it('resumes from the saved index after a restart, counting later appends once', async () => {
    const w = await world();
    const first = service(w);
    await first.start();
    await first.dispose();
    // One index part per source (each backfill worker loads and saves its own).
    const parts = (await readdir(path.join(w.home, 'usage'))).filter((f) => f.startsWith('index-')).sort();
    expect(parts.map((f) => f.replace(/-[0-9a-f]{16}\.bin$/, ''))).toEqual(['index-claude', 'index-codex']);
    for (const part of parts) expect(decodeIndexPart(await readFile(path.join(w.home, 'usage', part)))?.version).toBe(INDEX_VERSION);
    await appendFile(path.join(w.codex, MAIN), row('2026-09-10T08:31:00.000Z', 91_000, 777));
    const second = service(w);
    await second.start();
    const summary = await second.summary({});
    // Index present, little new: read on the engine's thread (scan/warm-start.ts), no workers.
    expect(summary.scan.backfillInWorker).toBe(false);
    expect({ input: summary.totals.inputTokens, requests: summary.totals.requests }).toEqual({ input: w.total.input + 777, requests: w.total.requests + 1 });
  });

  it('warm start: a file replaced by one of the same size is read again and counted once; a truncated one keeps its usage', async () => {
    const w = await world();
    const first = service(w);
    await first.start();
    await first.dispose();
    // Replaced atomically by the same bytes (new inode, same size and length), as an editor or a
    // sync tool would; and a Claude transcript cut to its first half.
    const main = path.join(w.codex, MAIN);
    const body = await readFile(main);
    await writeFile(`${main}.tmp`, body);
    await rename(`${main}.tmp`, main);
    const transcript = (await readdir(path.join(w.claude, 'projects'), { recursive: true })).find((f) => f.endsWith('.jsonl'))!;
    const cut = path.join(w.claude, 'projects', transcript);
    const lines = (await readFile(cut, 'utf8')).split('\n');
    const kept = lines.slice(0, Math.ceil(lines.length / 2)).join('\n') + '\n';
    await writeFile(cut, kept);
    const before = await savedBytesRead(w);
    const second = service(w);
    await second.start();
    const summary = await second.summary({});
    expect(summary.scan.backfillInWorker).toBe(false);
    // Both files were read again from their start…
    expect(summary.scan.bytesRead - before.bytesRead).toBe(body.length + Buffer.byteLength(kept));
    // …and nothing was counted twice or lost.
    expect({ input: summary.totals.inputTokens, requests: summary.totals.requests }).toEqual(w.total);
  });

  it('reads the logs again when the saved index is of an older format', async () => {
    const w = await world();
    const first = service(w);
    await first.start();
    await first.dispose();
    const dir = path.join(w.home, 'usage');
    for (const part of await readdir(dir)) {
      const snapshot = decodeIndexPart(await readFile(path.join(dir, part)))!;
      await writeFile(path.join(dir, part), encodeIndexPart({ ...snapshot, version: INDEX_VERSION - 1 }));
    }
    await appendFile(path.join(w.codex, MAIN), row('2026-09-10T08:31:00.000Z', 91_000, 777));
    const second = service(w);
    await second.start();
    const summary = await second.summary({});
    expect(summary.scan.backfillInWorker).toBe(true); // not trusted: the workers read every log
    expect({ input: summary.totals.inputTokens, requests: summary.totals.requests }).toEqual({ input: w.total.input + 777, requests: w.total.requests + 1 });
    await second.dispose();
    for (const part of await readdir(dir)) expect(decodeIndexPart(await readFile(path.join(dir, part)))?.version).toBe(INDEX_VERSION);
  });

  it('takes Claude windows from status-line payloads and says unknown before', async () => {
    const w = await world();
    const s = service(w);
    await s.start();
    expect(s.quota().providers.find((p) => p.provider === 'claude')!.windows).toEqual([]);
    const payload = JSON.parse(await readFile(path.join(FIXTURES, 'claude/statusline/with-rate-limits.json'), 'utf8'));
    const changed = nextChange(s, 'quota');
    expect(s.ingestStatusLine({ payload, terminalSessionId: 'term-1' })).toEqual({ ok: true, value: null });
    await changed;
    const claude = s.quota().providers.find((p) => p.provider === 'claude')!;
    expect(claude.status).toBe('live');
    expect(claude.windows.map((x) => [x.kind, x.usedPercent])).toEqual([
      ['5h', 42],
      ['weekly', 36],
    ]);
    const session = (await s.summary({})).sessions.find((x) => x.sessionId === '3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c')!;
    expect(session.terminalSessionId).toBe('term-1');
    expect(s.ingestStatusLine({ payload: 42 }).ok).toBe(false);
  });

  it('turns a limit message on screen into a stall and decides when to continue', async () => {
    const w = await world();
    let now = NOW;
    const s = service(w, { now: () => now, resume: { enabled: true, continueText: 'continue', delayMs: 60_000 } });
    await s.start();
    const changed = nextChange(s, 'quota');
    const stall = s.reportScreen('term-9', ['working…', "You've hit your limit · resets 11am (UTC)"], 'claude');
    expect(stall?.resetsAt).toBe('2026-09-10T11:00:00.000Z');
    expect((await changed).stalls.map((x) => x.terminalSessionId)).toContain('term-9');
    const decision = () => s.resumeDecisions().find((d) => d.stall.terminalSessionId === 'term-9')!.decision;
    expect(decision()).toEqual({ action: 'wait', until: Date.parse('2026-09-10T11:01:00Z') });
    now = Date.parse('2026-09-10T11:01:00Z');
    expect(decision()).toEqual({ action: 'send', text: 'continue', terminalSessionId: 'term-9' });
    s.markResumed('term-9');
    expect(decision()).toEqual({ action: 'none', reason: 'already-sent' });
  });

  it('reports the log stall of the §3.5 transcript until its reset', async () => {
    const w = await world();
    const s = service(w);
    await s.start();
    const stalls = s.quota().stalls.filter((x) => x.source === 'log');
    expect(stalls.map((x) => [x.sessionId, x.resetsAt])).toEqual([['3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c', '2026-09-10T13:00:00.000Z']]);
  });
});
