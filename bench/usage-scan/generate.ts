/**
 * Synthetic Codex and Claude logs for the usage benchmark, with the totals a correct reader finds.
 *
 * The row mix follows real logs (agent-logs.md §2, §3): mostly large non-usage rows (tool calls
 * and their outputs, tool results), one `token_count` per model request with ~40 % re-emits and
 * a second-bucket copy now and then, and Claude responses streamed as 2–3 rows sharing one
 * message id. Deterministic (seeded) so two runs generate the same bytes.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Totals of generated usage, per provider, counted once per request. */
export interface GeneratedTotals {
  codex: { requests: number; input: number; cached: number; output: number; rows: number; bytes: number; files: number };
  claude: { requests: number; input: number; cacheRead: number; cacheWrite: number; output: number; rows: number; bytes: number; files: number };
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

function text(rand: () => number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min));
  const start = Math.floor(rand() * (FILLER.length - n - 2));
  let s = FILLER.slice(start, start + n);
  // Never start or end inside an escape sequence (the filler holds JSON escapes).
  while (s.startsWith('"') || s.startsWith('n') || s.startsWith('\\')) s = s.slice(1);
  while (s.endsWith('\\')) s = s.slice(0, -1);
  return s;
}

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

/** Write `bytes` of Codex rollouts under `home/sessions/…`. */
export async function generateCodex(home: string, bytes: number, totals: GeneratedTotals['codex'], seed = 1): Promise<void> {
  const rand = rng(seed);
  const fileTarget = 12 * 1024 * 1024;
  let t = Date.parse('2026-09-01T08:00:00Z');
  while (totals.bytes < bytes) {
    const id = uuid(rand);
    const day = new Date(t).toISOString().slice(0, 10);
    const dir = path.join(home, 'sessions', ...day.split('-'));
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `rollout-${day}T10-00-00-${id}.jsonl`);
    const out = createWriteStream(file);
    totals.files += 1;
    let fileBytes = 0;
    const emit = async (line: string): Promise<void> => {
      await write(out, line + '\n');
      fileBytes += line.length + 1;
      totals.bytes += line.length + 1;
      totals.rows += 1;
    };
    const cwd = `/Users/dev/src/acme/.worktrees/wt-${Math.floor(rand() * 8)}`;
    const ts = () => new Date(t).toISOString();
    await emit(`{"timestamp":"${ts()}","type":"session_meta","payload":{"id":"${id}","timestamp":"${ts()}","cwd":"${cwd}","originator":"codex_cli_rs","cli_version":"0.153.4","source":"cli","model_provider":"openai","base_instructions":{"text":"${text(rand, 2000, 6000)}"}}}`);
    const total = { input: 0, cached: 0, output: 0, reasoning: 0 };
    let used = 10 + rand() * 20;
    while (fileBytes < fileTarget && totals.bytes < bytes) {
      t += 20_000;
      await emit(`{"timestamp":"${ts()}","type":"turn_context","payload":{"turn_id":"${Math.floor(rand() * 1e6)}","cwd":"${cwd}","approval_policy":"on-request","sandbox_policy":{"type":"workspace-write","writable_roots":[],"network_access":false},"model":"gpt-5.2-codex","effort":"medium","summary":"auto"}}`);
      await emit(`{"timestamp":"${ts()}","type":"event_msg","payload":{"type":"user_message","message":"${text(rand, 50, 400)}","local_images":[],"text_elements":[]}}`);
      const calls = 2 + Math.floor(rand() * 5);
      for (let c = 0; c < calls; c++) {
        t += 3000;
        await emit(`{"timestamp":"${ts()}","type":"response_item","payload":{"type":"reasoning","summary":[{"type":"summary_text","text":"${text(rand, 200, 1200)}"}],"encrypted_content":"${'gAAAAB'.repeat(100 + Math.floor(rand() * 200))}"}}`);
        await emit(`{"timestamp":"${ts()}","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\\"command\\":[\\"bash\\",\\"-lc\\",\\"npm test\\"]}","call_id":"call_${c}"}}`);
        await emit(`{"timestamp":"${ts()}","type":"response_item","payload":{"type":"function_call_output","call_id":"call_${c}","output":"${text(rand, 1000, 12000)}"}}`);
        const last = { input: 5000 + Math.floor(rand() * 60000), cached: 0, output: 20 + Math.floor(rand() * 1500), reasoning: 0 };
        last.cached = Math.floor(last.input * (0.5 + rand() * 0.45));
        last.reasoning = Math.floor(last.output * rand() * 0.6);
        total.input += last.input;
        total.cached += last.cached;
        total.output += last.output;
        total.reasoning += last.reasoning;
        totals.requests += 1;
        totals.input += last.input;
        totals.cached += last.cached;
        totals.output += last.output;
        used = Math.min(99, used + rand() * 0.05);
        const u = (x: typeof last) =>
          `{"input_tokens":${x.input},"cached_input_tokens":${x.cached},"output_tokens":${x.output},"reasoning_output_tokens":${x.reasoning},"total_tokens":${x.input + x.output}}`;
        const limits = (bucket: string, pct: number) =>
          `{"limit_id":"${bucket}","limit_name":null,"primary":{"used_percent":${pct.toFixed(1)},"window_minutes":300,"resets_at":${Math.floor(t / 1000) + 7200}},"secondary":{"used_percent":${(pct / 3).toFixed(1)},"window_minutes":10080,"resets_at":${Math.floor(t / 1000) + 400000}},"credits":null,"plan_type":"plus"}`;
        const row = (at: number, bucket: string) =>
          `{"timestamp":"${new Date(at).toISOString()}","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":${u(total)},"last_token_usage":${u(last)},"model_context_window":258400},"rate_limits":${limits(bucket, used)}}}`;
        await emit(row(t, 'codex'));
        if (rand() < 0.4) await emit(row(t + 4, 'codex')); // rate-limit refresh re-emit
        if (rand() < 0.15) await emit(row(t + 5, 'codex_bengalfox')); // second bucket
      }
      await emit(`{"timestamp":"${ts()}","type":"event_msg","payload":{"type":"agent_message","message":"${text(rand, 100, 800)}"}}`);
    }
    await close(out);
    t += 3_600_000;
  }
}

/** Write `bytes` of Claude transcripts under `root/projects/…`. */
export async function generateClaude(root: string, bytes: number, totals: GeneratedTotals['claude'], seed = 2): Promise<void> {
  const rand = rng(seed);
  const fileTarget = 10 * 1024 * 1024;
  let t = Date.parse('2026-09-01T09:00:00Z');
  let msg = 0;
  while (totals.bytes < bytes) {
    const sid = uuid(rand);
    const wt = `wt-${Math.floor(rand() * 8)}`;
    const cwd = `/Users/dev/src/acme/.worktrees/${wt}`;
    const dir = path.join(root, 'projects', `-Users-dev-src-acme--worktrees-${wt}`);
    await mkdir(dir, { recursive: true });
    const out = createWriteStream(path.join(dir, `${sid}.jsonl`));
    totals.files += 1;
    let fileBytes = 0;
    const emit = async (line: string): Promise<void> => {
      await write(out, line + '\n');
      fileBytes += line.length + 1;
      totals.bytes += line.length + 1;
      totals.rows += 1;
    };
    const env = (type: string, uuidv: string) =>
      `"parentUuid":"p","isSidechain":false,"userType":"external","cwd":"${cwd}","sessionId":"${sid}","version":"2.1.230","gitBranch":"feat/${wt}","type":"${type}","uuid":"${uuidv}","timestamp":"${new Date(t).toISOString()}"`;
    while (fileBytes < fileTarget && totals.bytes < bytes) {
      t += 15_000;
      await emit(`{${env('user', `u${msg}`)},"message":{"role":"user","content":"${text(rand, 50, 600)}"}}`);
      const steps = 2 + Math.floor(rand() * 5);
      for (let s = 0; s < steps; s++) {
        msg += 1;
        const id = `msg_${msg.toString(36).padStart(10, '0')}`;
        const req = `req_${msg.toString(36).padStart(10, '0')}`;
        const input = 1 + Math.floor(rand() * 20);
        const cw = Math.floor(rand() * 5000);
        const cr = 10000 + Math.floor(rand() * 120000);
        const outFinal = 20 + Math.floor(rand() * 1500);
        const copies = 2 + Math.floor(rand() * 2);
        for (let k = 0; k < copies; k++) {
          t += 800;
          const outTokens = k === copies - 1 ? outFinal : Math.min(outFinal, 1 + k * 7);
          const block =
            k === 0
              ? `{"type":"thinking","thinking":"${text(rand, 200, 2000)}","signature":"${'EuYBCkQ'.repeat(40)}"}`
              : k === copies - 1
                ? `{"type":"tool_use","id":"toolu_${msg}","name":"Bash","input":{"command":"npm test"}}`
                : `{"type":"text","text":"${text(rand, 50, 500)}"}`;
          await emit(
            `{${env('assistant', `a${msg}-${k}`)},"requestId":"${req}","message":{"id":"${id}","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[${block}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":${input},"cache_creation_input_tokens":${cw},"cache_read_input_tokens":${cr},"cache_creation":{"ephemeral_5m_input_tokens":${cw},"ephemeral_1h_input_tokens":0},"output_tokens":${outTokens},"service_tier":"standard"}}}`,
          );
        }
        totals.requests += 1;
        totals.input += input;
        totals.cacheWrite += cw;
        totals.cacheRead += cr;
        totals.output += outFinal;
        t += 2000;
        await emit(`{${env('user', `r${msg}`)},"message":{"role":"user","content":[{"tool_use_id":"toolu_${msg}","type":"tool_result","content":"${text(rand, 500, 14000)}"}]},"toolUseResult":{"stdout":"${text(rand, 100, 3000)}","stderr":"","interrupted":false}}`);
      }
      if (rand() < 0.2) await emit(`{"type":"file-history-snapshot","messageId":"m${msg}","snapshot":{"trackedFileBackups":{"src/app.ts":{"backupFileName":"x","version":${msg}}},"timestamp":"${new Date(t).toISOString()}"},"isSnapshotUpdate":false}`);
    }
    await close(out);
    t += 3_600_000;
  }
}
