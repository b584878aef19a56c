/**
 * Synthetic Codex and Claude logs for the usage benchmark, with the totals a correct reader finds.
 *
 * The row mix follows real logs (agent-logs.md §2, §3): mostly large non-usage rows (tool calls
 * and their outputs, tool results), one `token_count` per model request with ~40 % re-emits and
 * a second-bucket copy now and then, and Claude responses streamed as 2–3 rows sharing one
 * message id. Now and then a Write/Edit tool call carries a whole file (a 100–300 KB line; on the
 * Claude side that line holds a `usage` and must be parsed whole). Deterministic (seeded) so two
 * runs generate the same bytes.
 *
 * Two layouts:
 * - `large`: few big files (Codex ~12 MB, Claude ~10 MB per file), the layout of the first run;
 * - `sessions`: one file per session, 50–500 KB each, thousands of files: what `~/.codex` and
 *   `~/.claude` look like after months of ordinary use.
 *
 * {@link appendNewData} adds ~1 % more for the warm-start case: new turns appended to existing
 * sessions (resumed ones) and a few new session files, with their totals.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

export type Layout = 'large' | 'sessions';

/** Totals of generated usage, per provider, counted once per request. */
export interface GeneratedTotals {
  codex: { requests: number; input: number; cached: number; output: number; rows: number; bytes: number; files: number };
  claude: { requests: number; input: number; cacheRead: number; cacheWrite: number; output: number; rows: number; bytes: number; files: number };
}

export function emptyTotals(): GeneratedTotals {
  return {
    codex: { requests: 0, input: 0, cached: 0, output: 0, rows: 0, bytes: 0, files: 0 },
    claude: { requests: 0, input: 0, cacheRead: 0, cacheWrite: 0, output: 0, rows: 0, bytes: 0, files: 0 },
  };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FILLER = ('diff --git a/src/app.ts b/src/app.ts\\n@@ -1,7 +1,9 @@\\n-import { a } from \\"./a\\";\\n+import { a, b } from \\"./a\\"; // ünïcödé ✓ 日本語\\n' +
  'npm test\\n  ✓ login works (12 ms)\\n  ✓ logout works (3 ms)\\n').repeat(400);
const BIG_FILLER = FILLER.repeat(20);

function text(rand: () => number, min: number, max: number, source = FILLER): string {
  const n = min + Math.floor(rand() * (max - min));
  const start = Math.floor(rand() * (source.length - n - 2));
  let s = source.slice(start, start + n);
  // Never start or end inside an escape sequence (the filler holds JSON escapes).
  while (s.startsWith('"') || s.startsWith('n') || s.startsWith('\\')) s = s.slice(1);
  while (s.endsWith('\\')) s = s.slice(0, -1);
  return s;
}

/** A whole file's content, as a Write/Edit tool call carries it: 100–300 KB on one line. */
const wholeFile = (rand: () => number): string => text(rand, 100_000, 300_000, BIG_FILLER);

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const uuid = (rand: () => number): string => {
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${h(8)}-${h(4)}-7${h(3)}-8${h(3)}-${h(12)}`;
};

/** Bytes of one file: ~12/10 MB for `large`, 50–500 KB (skewed small, like real sessions) otherwise. */
function fileTarget(layout: Layout, provider: 'codex' | 'claude', rand: () => number): number {
  if (layout === 'large') return (provider === 'codex' ? 12 : 10) * 1024 * 1024;
  const r = rand();
  return Math.round((50 + 450 * r * r) * 1024);
}

type Emit = (line: string) => Promise<void>;

function emitter(out: WriteStream, totals: { rows: number; bytes: number }, counter: { bytes: number }): Emit {
  return async (line) => {
    await write(out, line + '\n');
    const n = Buffer.byteLength(line) + 1;
    counter.bytes += n;
    totals.bytes += n;
    totals.rows += 1;
  };
}

/** Like {@link emitter}, into memory: lines appended to an existing file in one write. */
function collector(chunks: string[], totals: { rows: number; bytes: number }, counter: { bytes: number }): Emit {
  return async (line) => {
    chunks.push(line);
    const n = Buffer.byteLength(line) + 1;
    counter.bytes += n;
    totals.bytes += n;
    totals.rows += 1;
  };
}

interface CodexThread {
  cwd: string;
  total: { input: number; cached: number; output: number; reasoning: number };
  used: number;
}

/** Turns of one Codex thread until `target` bytes were written to this file. */
async function codexTurns(emit: Emit, written: { bytes: number }, target: number, th: CodexThread, clock: { t: number }, rand: () => number, totals: GeneratedTotals['codex']): Promise<void> {
  const ts = () => new Date(clock.t).toISOString();
  while (written.bytes < target) {
    clock.t += 20_000;
    await emit(`{"timestamp":"${ts()}","type":"turn_context","payload":{"turn_id":"${Math.floor(rand() * 1e6)}","cwd":"${th.cwd}","approval_policy":"on-request","sandbox_policy":{"type":"workspace-write","writable_roots":[],"network_access":false},"model":"gpt-5.2-codex","effort":"medium","summary":"auto"}}`);
    await emit(`{"timestamp":"${ts()}","type":"event_msg","payload":{"type":"user_message","message":"${text(rand, 50, 400)}","local_images":[],"text_elements":[]}}`);
    const calls = 2 + Math.floor(rand() * 5);
    for (let c = 0; c < calls; c++) {
      clock.t += 3000;
      await emit(`{"timestamp":"${ts()}","type":"response_item","payload":{"type":"reasoning","summary":[{"type":"summary_text","text":"${text(rand, 200, 1200)}"}],"encrypted_content":"${'gAAAAB'.repeat(100 + Math.floor(rand() * 200))}"}}`);
      if (rand() < 0.03) {
        // apply_patch adding a whole file: one line of 100–300 KB without usage.
        await emit(`{"timestamp":"${ts()}","type":"response_item","payload":{"type":"custom_tool_call","status":"completed","call_id":"call_${c}","name":"apply_patch","input":"*** Begin Patch\\n*** Add File: src/big.ts\\n${wholeFile(rand)}\\n*** End Patch"}}`);
      } else {
        await emit(`{"timestamp":"${ts()}","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\\"command\\":[\\"bash\\",\\"-lc\\",\\"npm test\\"]}","call_id":"call_${c}"}}`);
      }
      await emit(`{"timestamp":"${ts()}","type":"response_item","payload":{"type":"function_call_output","call_id":"call_${c}","output":"${text(rand, 1000, 12000)}"}}`);
      const last = { input: 5000 + Math.floor(rand() * 60000), cached: 0, output: 20 + Math.floor(rand() * 1500), reasoning: 0 };
      last.cached = Math.floor(last.input * (0.5 + rand() * 0.45));
      last.reasoning = Math.floor(last.output * rand() * 0.6);
      th.total.input += last.input;
      th.total.cached += last.cached;
      th.total.output += last.output;
      th.total.reasoning += last.reasoning;
      totals.requests += 1;
      totals.input += last.input;
      totals.cached += last.cached;
      totals.output += last.output;
      th.used = Math.min(99, th.used + rand() * 0.05);
      const u = (x: typeof last) =>
        `{"input_tokens":${x.input},"cached_input_tokens":${x.cached},"output_tokens":${x.output},"reasoning_output_tokens":${x.reasoning},"total_tokens":${x.input + x.output}}`;
      const limits = (bucket: string, pct: number) =>
        `{"limit_id":"${bucket}","limit_name":null,"primary":{"used_percent":${pct.toFixed(1)},"window_minutes":300,"resets_at":${Math.floor(clock.t / 1000) + 7200}},"secondary":{"used_percent":${(pct / 3).toFixed(1)},"window_minutes":10080,"resets_at":${Math.floor(clock.t / 1000) + 400000}},"credits":null,"plan_type":"plus"}`;
      const row = (at: number, bucket: string) =>
        `{"timestamp":"${new Date(at).toISOString()}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":${u(th.total)},"last_token_usage":${u(last)},"model_context_window":258400},"rate_limits":${limits(bucket, th.used)}}}`;
      await emit(row(clock.t, 'codex'));
      if (rand() < 0.4) await emit(row(clock.t + 4, 'codex')); // rate-limit refresh re-emit
      if (rand() < 0.15) await emit(row(clock.t + 5, 'codex_bengalfox')); // second bucket
    }
    await emit(`{"timestamp":"${ts()}","type":"event_msg","payload":{"type":"agent_message","message":"${text(rand, 100, 800)}"}}`);
  }
}

/** Write `bytes` of Codex rollouts under `home/sessions/…`. */
export async function generateCodex(home: string, bytes: number, totals: GeneratedTotals['codex'], options: { layout: Layout; seed?: number; startMs?: number }): Promise<void> {
  const rand = rng(options.seed ?? 1);
  const clock = { t: options.startMs ?? Date.parse('2026-09-01T08:00:00Z') };
  const goal = totals.bytes + bytes;
  while (totals.bytes < goal) {
    const id = uuid(rand);
    const day = new Date(clock.t).toISOString().slice(0, 10);
    const dir = path.join(home, 'sessions', ...day.split('-'));
    await mkdir(dir, { recursive: true });
    const out = createWriteStream(path.join(dir, `rollout-${day}T10-00-00-${id}.jsonl`));
    totals.files += 1;
    const written = { bytes: 0 };
    const emit = emitter(out, totals, written);
    const th: CodexThread = { cwd: `/Users/dev/src/acme/.worktrees/wt-${Math.floor(rand() * 8)}`, total: { input: 0, cached: 0, output: 0, reasoning: 0 }, used: 10 + rand() * 20 };
    const ts = new Date(clock.t).toISOString();
    await emit(`{"timestamp":"${ts}","type":"session_meta","payload":{"id":"${id}","timestamp":"${ts}","cwd":"${th.cwd}","originator":"codex_cli_rs","cli_version":"0.153.4","source":"cli","model_provider":"openai","base_instructions":{"text":"${text(rand, 2000, 6000)}"}}}`);
    await codexTurns(emit, written, Math.min(fileTarget(options.layout, 'codex', rand), goal - totals.bytes + written.bytes), th, clock, rand, totals);
    await close(out);
    clock.t += options.layout === 'large' ? 3_600_000 : 1_800_000;
  }
}

interface ClaudeSession {
  sid: string;
  wt: string;
}

/** Turns of one Claude session until `target` bytes were written; `prefix` keeps message ids unique per phase. */
async function claudeTurns(emit: Emit, written: { bytes: number }, target: number, s: ClaudeSession, clock: { t: number }, ids: { msg: number; prefix: string }, rand: () => number, totals: GeneratedTotals['claude']): Promise<void> {
  const cwd = `/Users/dev/src/acme/.worktrees/${s.wt}`;
  const env = (type: string, uuidv: string) =>
    `"parentUuid":"p","isSidechain":false,"userType":"external","cwd":"${cwd}","sessionId":"${s.sid}","version":"2.1.230","gitBranch":"feat/${s.wt}","type":"${type}","uuid":"${uuidv}","timestamp":"${new Date(clock.t).toISOString()}"`;
  while (written.bytes < target) {
    clock.t += 15_000;
    await emit(`{${env('user', `u${ids.msg}`)},"message":{"role":"user","content":"${text(rand, 50, 600)}"}}`);
    const steps = 2 + Math.floor(rand() * 5);
    for (let step = 0; step < steps; step++) {
      ids.msg += 1;
      const id = `msg_${ids.prefix}${ids.msg.toString(36).padStart(10, '0')}`;
      const req = `req_${ids.prefix}${ids.msg.toString(36).padStart(10, '0')}`;
      const input = 1 + Math.floor(rand() * 20);
      const cw = Math.floor(rand() * 5000);
      const cr = 10000 + Math.floor(rand() * 120000);
      const outFinal = 20 + Math.floor(rand() * 1500);
      const copies = 2 + Math.floor(rand() * 2);
      const writesFile = rand() < 0.04;
      for (let k = 0; k < copies; k++) {
        clock.t += 800;
        const outTokens = k === copies - 1 ? outFinal : Math.min(outFinal, 1 + k * 7);
        const block =
          k === 0
            ? `{"type":"thinking","thinking":"${text(rand, 200, 2000)}","signature":"${'EuYBCkQ'.repeat(40)}"}`
            : k === copies - 1
              ? writesFile
                ? `{"type":"tool_use","id":"toolu_${ids.msg}","name":"Write","input":{"file_path":"${cwd}/src/generated.ts","content":"${wholeFile(rand)}"}}`
                : `{"type":"tool_use","id":"toolu_${ids.msg}","name":"Bash","input":{"command":"npm test"}}`
              : `{"type":"text","text":"${text(rand, 50, 500)}"}`;
        await emit(
          `{${env('assistant', `a${ids.msg}-${k}`)},"requestId":"${req}","message":{"id":"${id}","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[${block}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":${input},"cache_creation_input_tokens":${cw},"cache_read_input_tokens":${cr},"cache_creation":{"ephemeral_5m_input_tokens":${cw},"ephemeral_1h_input_tokens":0},"output_tokens":${outTokens},"service_tier":"standard"}}}`,
        );
      }
      totals.requests += 1;
      totals.input += input;
      totals.cacheWrite += cw;
      totals.cacheRead += cr;
      totals.output += outFinal;
      clock.t += 2000;
      await emit(`{${env('user', `r${ids.msg}`)},"message":{"role":"user","content":[{"tool_use_id":"toolu_${ids.msg}","type":"tool_result","content":"${text(rand, 500, 14000)}"}]},"toolUseResult":{"stdout":"${text(rand, 100, 3000)}","stderr":"","interrupted":false}}`);
    }
    if (rand() < 0.2) await emit(`{"type":"file-history-snapshot","messageId":"m${ids.msg}","snapshot":{"trackedFileBackups":{"src/app.ts":{"backupFileName":"x","version":${ids.msg}}},"timestamp":"${new Date(clock.t).toISOString()}"},"isSnapshotUpdate":false}`);
  }
}

/** Write `bytes` of Claude transcripts under `root/projects/…`. */
export async function generateClaude(root: string, bytes: number, totals: GeneratedTotals['claude'], options: { layout: Layout; seed?: number; startMs?: number; idPrefix?: string }): Promise<void> {
  const rand = rng(options.seed ?? 2);
  const clock = { t: options.startMs ?? Date.parse('2026-09-01T09:00:00Z') };
  const ids = { msg: 0, prefix: options.idPrefix ?? '' };
  const goal = totals.bytes + bytes;
  while (totals.bytes < goal) {
    const s: ClaudeSession = { sid: uuid(rand), wt: `wt-${Math.floor(rand() * 8)}` };
    const dir = path.join(root, 'projects', `-Users-dev-src-acme--worktrees-${s.wt}`);
    await mkdir(dir, { recursive: true });
    const out = createWriteStream(path.join(dir, `${s.sid}.jsonl`));
    totals.files += 1;
    const written = { bytes: 0 };
    await claudeTurns(emitter(out, totals, written), written, Math.min(fileTarget(options.layout, 'claude', rand), goal - totals.bytes + written.bytes), s, clock, ids, rand, totals);
    await close(out);
    clock.t += options.layout === 'large' ? 3_600_000 : 1_800_000;
  }
}

async function listFiles(dir: string, accept: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && accept(entry.name)) out.push(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  }
  return out.sort();
}

/**
 * The warm-start delta: ~`fraction` of the data's bytes more, half appended to existing sessions
 * (resumed: the Codex thread continues its cumulative total) and half as new session files.
 * Returns the files touched with their sizes before, so the caller can undo it.
 */
export async function appendNewData(codexHome: string, claudeDir: string, totals: GeneratedTotals, fraction: number): Promise<{ appended: { file: string; size: number }[]; created: string[]; bytes: number }> {
  const rand = rng(7);
  const { stat, appendFile } = await import('node:fs/promises');
  const appended: { file: string; size: number }[] = [];
  const before = { codex: totals.codex.bytes, claude: totals.claude.bytes, codexFiles: totals.codex.files, claudeFiles: totals.claude.files };
  const late = Date.parse('2027-01-10T08:00:00Z');

  // Resumed sessions: the newest few files of each provider get new turns.
  const rollouts = await listFiles(codexHome, (n) => n.startsWith('rollout-') && n.endsWith('.jsonl'));
  const transcripts = await listFiles(claudeDir, (n) => n.endsWith('.jsonl'));
  const budget = (provider: 'codex' | 'claude') => (fraction * (provider === 'codex' ? before.codex : before.claude)) / 2;
  const clock = { t: late };
  for (const file of rollouts.slice(-4)) {
    const size = (await stat(file)).size;
    appended.push({ file, size });
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    const meta = JSON.parse(lines[0]!) as { payload: { cwd: string } };
    const lastCount = [...lines].reverse().find((l) => l.includes('"token_count"'));
    const total = lastCount ? (JSON.parse(lastCount) as { payload: { info: { total_token_usage: Record<string, number> } } }).payload.info.total_token_usage : null;
    const th: CodexThread = {
      cwd: meta.payload.cwd,
      total: { input: total?.input_tokens ?? 0, cached: total?.cached_input_tokens ?? 0, output: total?.output_tokens ?? 0, reasoning: total?.reasoning_output_tokens ?? 0 },
      used: 50,
    };
    const chunks: string[] = [];
    const written = { bytes: 0 };
    const emit = collector(chunks, totals.codex, written);
    await codexTurns(emit, written, budget('codex') / 4, th, clock, rand, totals.codex);
    await appendFile(file, chunks.join('\n') + '\n');
  }
  for (const file of transcripts.slice(-4)) {
    const size = (await stat(file)).size;
    appended.push({ file, size });
    const first = (await readFile(file, 'utf8')).split('\n', 1)[0]!;
    const row = JSON.parse(first) as { sessionId: string; cwd: string };
    const s: ClaudeSession = { sid: row.sessionId, wt: path.basename(row.cwd) };
    const chunks: string[] = [];
    const written = { bytes: 0 };
    const emit = collector(chunks, totals.claude, written);
    await claudeTurns(emit, written, budget('claude') / 4, s, clock, { msg: appended.length * 100_000, prefix: 'warm' }, rand, totals.claude);
    await appendFile(file, chunks.join('\n') + '\n');
  }
  // New sessions: same layout, later dates, distinct seeds and message ids.
  const codexBefore = new Set(rollouts);
  const claudeBefore = new Set(transcripts);
  await generateCodex(codexHome, budget('codex'), totals.codex, { layout: 'sessions', seed: 11, startMs: late + 86_400_000 });
  await generateClaude(claudeDir, budget('claude'), totals.claude, { layout: 'sessions', seed: 12, startMs: late + 86_400_000, idPrefix: 'new' });
  const created = [
    ...(await listFiles(codexHome, (n) => n.startsWith('rollout-'))).filter((f) => !codexBefore.has(f)),
    ...(await listFiles(claudeDir, (n) => n.endsWith('.jsonl'))).filter((f) => !claudeBefore.has(f)),
  ];
  return { appended, created, bytes: totals.codex.bytes - before.codex + totals.claude.bytes - before.claude };
}
