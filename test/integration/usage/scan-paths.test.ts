/**
 * The fast scan paths give exactly the answer of a plain cold scan, on copies of the real-format
 * fixtures (Codex rollouts incl. legacy and fork replay, Claude transcripts incl. subagents and a
 * resume copy, Gemini chats): read buffers far smaller than the lines, per-source worker threads
 * with merged snapshots, and a warm start from the saved index parts after appends (one line
 * longer than the pool's work buffer) and a new file. The dedupe rules are agent-logs.md §5.2–5.4.
 */
import { appendFile, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageIndex } from '../../../src/main/engine/usage/scan/usage-index.ts';
import { startBackfill } from '../../../src/main/engine/usage/scan/start-backfill.ts';
import { warmStartInline } from '../../../src/main/engine/usage/scan/warm-start.ts';
import type { UsageSource } from '../../../src/main/engine/usage/types.ts';
import { expected, summarize, tempCopy, tempDir } from '../../unit/usage/fixtures.ts';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const NOW = Date.parse('2026-09-10T09:00:00Z');
const MAIN = 'sessions/2026/09/10/rollout-2026-09-10T10-15-02-019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e10.jsonl';
const CLAUDE_DIR = 'projects/-Users-dev-src-acme--worktrees-feat-login';
const CLAUDE_SESSION = '3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c';

async function world() {
  const dirs = await Promise.all(['codex/home-a', 'claude/config-a', 'gemini/home', 'codex/legacy', 'claude/config-b'].map((d) => tempCopy(d)));
  const home = await tempDir();
  cleanups.push(...dirs.map((d) => d.cleanup), home.cleanup);
  const [codex, claude, gemini, legacy, claudeB] = dirs.map((d) => d.root) as [string, string, string, string, string];
  const sources: UsageSource[] = [
    { provider: 'codex', root: codex },
    { provider: 'claude', root: claude },
    { provider: 'gemini', root: gemini },
    { provider: 'codex', root: legacy },
    { provider: 'claude', root: claudeB },
  ];
  return { codex, claude, gemini, legacy, sources, indexDir: path.join(home.root, 'usage') };
}

/** A plain cold scan: fresh index, default buffers, this thread. */
async function coldScan(sources: UsageSource[]): Promise<UsageIndex> {
  const index = new UsageIndex('UTC', () => NOW);
  await index.scanAll(sources);
  return index;
}

/** Everything a client sees (the scan state aside, which says how, not what). */
const view = (index: UsageIndex) => {
  const { scan: _scan, ...rest } = summarize(index, NOW);
  return rest;
};

const requests = (index: UsageIndex) => summarize(index, NOW).totals.requests;

async function backfill(w: Awaited<ReturnType<typeof world>>) {
  const running = await startBackfill({ type: 'backfill', sources: w.sources, indexDir: w.indexDir, timeZone: 'UTC' }, { workers: 2 });
  const outcome = await running.done;
  await outcome.saved;
  const index = UsageIndex.fromSnapshot(outcome.snapshot, 'UTC', () => NOW);
  expect(index).not.toBeNull();
  return { outcome, index: index! };
}

/** A Claude assistant row in the §3.5 format. */
function claudeRow(fields: { id: string; requestId: string; uuid: string; ts: string; content: unknown[]; output: number; sessionId?: string }): string {
  return (
    JSON.stringify({
      parentUuid: 'u-0002',
      isSidechain: false,
      userType: 'external',
      cwd: '/Users/dev/src/acme/.worktrees/feat-login',
      sessionId: fields.sessionId ?? CLAUDE_SESSION,
      version: '2.1.230',
      gitBranch: 'feat/login',
      type: 'assistant',
      requestId: fields.requestId,
      message: {
        id: fields.id,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: fields.content,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 7, cache_creation_input_tokens: 100, cache_read_input_tokens: 24000, output_tokens: fields.output },
      },
      uuid: fields.uuid,
      timestamp: fields.ts,
    }) + '\n'
  );
}

function codexRow(ts: string, total: number, last: number): string {
  const u = (n: number) => ({ input_tokens: n, cached_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0, total_tokens: n + 10 });
  return JSON.stringify({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: u(total), last_token_usage: u(last), model_context_window: 258400 }, rate_limits: null } }) + '\n';
}

describe('usage scan paths', () => {
  it('reads the fixtures to their expected totals, and the same with a read buffer smaller than every line', async () => {
    const w = await world();
    const reference = await coldScan(w.sources);
    // The reference itself matches the hand-computed fixture totals (not only itself).
    const sum = async (dir: string) =>
      Object.values<{ requests: number; inputTokens: number }>((await expected(dir)).sessions).reduce((a, s) => a + s.requests, 0);
    const want = (await sum('codex/home-a')) + (await sum('claude/config-a'));
    const partial = await coldScan(w.sources.slice(0, 2));
    expect(requests(partial)).toBe(want);

    const small = new UsageIndex('UTC', () => NOW);
    small.readChunkBytes = 64; // every line spans several reads and outgrows the work buffer
    await small.scanAll(w.sources);
    expect(view(small)).toEqual(view(reference));
    // The fixtures' corrupt lines (legacy rollout, second Claude account), found the same way.
    expect(small.corruptLines).toBe(2);
    expect(reference.corruptLines).toBe(2);
  });

  it('scans the sources in parallel workers and merges to the single-thread answer', async () => {
    const w = await world();
    const reference = await coldScan(w.sources);
    const { outcome, index } = await backfill(w);
    expect(outcome.inWorker).toBe(true);
    expect(outcome.workers).toBe(2);
    expect(outcome.resumed).toBe(false);
    expect(view(index)).toEqual(view(reference));
    // One saved part per source, each loadable on its own.
    expect((await readdir(w.indexDir)).filter((f) => f.startsWith('index-')).length).toBe(5);
  });

  it('warm start reads only what is new and ends where a cold scan of the final logs ends', async () => {
    const w = await world();
    const { index: first } = await backfill(w);
    const before = requests(first);
    const bytesBefore = first.bytesRead;

    // Appended between the scans, in the real formats:
    // - Codex: the main thread continues (one new request, cumulative total grows);
    const codexAppend = codexRow('2026-09-10T08:40:00.000Z', 95_000, 4321);
    await appendFile(path.join(w.codex, MAIN), codexAppend);
    // - Claude: a Write carrying a whole file, 2.5 MB on one line (longer than the pool's 2 MB
    //   work buffer), streamed as two rows of one message whose output grows (counted once);
    const big = 'export const data = "\\u00fc\\"quoted\\" ✓";\n'.repeat(60_000);
    expect(big.length).toBeGreaterThan(2.2 * 1024 * 1024);
    const write = (output: number, uuid: string) =>
      claudeRow({ id: 'msg_01WRITE', requestId: 'req_011CXw1', uuid, ts: '2026-09-10T08:41:00.000Z', output, content: [{ type: 'tool_use', id: 'toolu_9', name: 'Write', input: { file_path: '/tmp/x.ts', content: big } }] });
    const claudeAppend = write(3, 'a-0101') + write(812, 'a-0102');
    await appendFile(path.join(w.claude, CLAUDE_DIR, `${CLAUDE_SESSION}.jsonl`), claudeAppend);
    // - a new transcript: a resume copy of the grown Write (deduped across files) and one new request.
    const fresh = write(812, 'a-0201') + claudeRow({ id: 'msg_01NEW', requestId: 'req_011CXn1', uuid: 'a-0202', ts: '2026-09-10T08:42:00.000Z', output: 50, content: [{ type: 'text', text: 'done' }] });
    await writeFile(path.join(w.claude, CLAUDE_DIR, '9d9d9d9d-0000-4000-8000-00000000bb03.jsonl'), fresh);

    const { outcome, index: warm } = await backfill(w);
    expect(outcome.resumed).toBe(true);
    // Only the new bytes were read: the appends and the new file, nothing of the old logs.
    expect(warm.bytesRead - bytesBefore).toBe(Buffer.byteLength(codexAppend) + Buffer.byteLength(claudeAppend) + Buffer.byteLength(fresh));
    expect(warm.corruptLines).toBe(first.corruptLines); // the fixtures' own corrupt lines, nothing new
    expect(requests(warm)).toBe(before + 3);
    const cold = await coldScan(w.sources);
    expect(view(warm)).toEqual(view(cold));
    // The session's rows: its fixture requests, the grown Write once (812, not 3 + 812 + 812), the new one.
    const session = summarize(warm, NOW).sessions.find((s) => s.sessionId === CLAUDE_SESSION)!;
    expect(session.totals.outputTokens).toBe(799 + 812 + 50);

    // And once more with nothing new: nothing read, nothing changed.
    const { index: again } = await backfill(w);
    expect(again.bytesRead).toBe(warm.bytesRead);
    expect(view(again)).toEqual(view(cold));
  });

  it('inline warm start: a grown file is read from its old size, a replaced one whole, and a request seen before the restart is not counted again', async () => {
    const w = await world();
    const { index: first } = await backfill(w);
    const before = requests(first);
    const bytesBefore = first.bytesRead;

    // Grown: one new Codex request appended to a rollout read before.
    const codexAppend = codexRow('2026-09-10T08:40:00.000Z', 95_000, 4321);
    await appendFile(path.join(w.codex, MAIN), codexAppend);
    // Replaced through temp + rename (new inode) by a shorter file: its first half, then the
    // first usage row of the old file once more (same message id and request id: a repeat).
    const transcript = path.join(w.claude, CLAUDE_DIR, `${CLAUDE_SESSION}.jsonl`);
    const lines = (await readFile(transcript, 'utf8')).split('\n').filter((l) => l !== '');
    const repeat = lines.find((l) => l.includes('"usage"') && l.includes('"requestId"'))!;
    expect(repeat).toBeDefined();
    const replaced = lines.slice(0, Math.ceil(lines.length / 2)).join('\n') + '\n' + repeat + '\n';
    const oldSize = (await stat(transcript)).size;
    expect(Buffer.byteLength(replaced)).toBeLessThan(oldSize);
    await writeFile(`${transcript}.tmp`, replaced);
    await rename(`${transcript}.tmp`, transcript);

    const warm = await warmStartInline({ sources: w.sources, indexDir: w.indexDir, timeZone: 'UTC', now: () => NOW });
    expect(warm).not.toBeNull();
    const index = warm!.index;
    // Exactly the appended bytes of the grown file and the whole replaced file, nothing else.
    expect(warm!.newBytes).toBe(Buffer.byteLength(codexAppend) + Buffer.byteLength(replaced));
    expect(index.bytesRead - bytesBefore).toBe(Buffer.byteLength(codexAppend) + Buffer.byteLength(replaced));
    // The Codex request counts; the re-read half and the repeated row were seen before the restart.
    expect(requests(index)).toBe(before + 1);
    const { totals } = summarize(index, NOW);
    expect(totals.inputTokens).toBe(summarize(first, NOW).totals.inputTokens + 4321);
    // The replaced file's cursor now follows the new inode and size.
    const cursor = index.files.get(transcript)!.cursor!;
    expect({ ino: cursor.ino, size: cursor.size, offset: cursor.offset }).toEqual({ ino: (await stat(transcript)).ino, size: Buffer.byteLength(replaced), offset: Buffer.byteLength(replaced) });
  });
});
