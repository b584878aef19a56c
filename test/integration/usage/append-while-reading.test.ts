/**
 * A 50 MB rollout appended while it is being read (agent-logs.md §7.12): appends land in random
 * pieces (lines and UTF-8 characters split across writes) during the read; after the writer
 * stops, the totals must equal the sums the generator itself kept.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageIndex } from '../../../src/main/engine/usage/scan/usage-index.ts';
import { summarize, tempDir } from '../../unit/usage/fixtures.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** Deterministic pseudo-random numbers (the test must be reproducible). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Rollout bytes plus the totals a correct reader must find, computed while generating. */
function generate(targetBytes: number) {
  const rand = rng(42);
  const id = '019a9999-0000-7000-8000-000000000050';
  const lines: string[] = [
    JSON.stringify({ timestamp: '2026-09-10T08:00:00.000Z', type: 'session_meta', payload: { id, timestamp: '2026-09-10T08:00:00.000Z', cwd: '/w/big', originator: 'codex_cli_rs', cli_version: '0.153.4' } }),
    JSON.stringify({ timestamp: '2026-09-10T08:00:01.000Z', type: 'turn_context', payload: { cwd: '/w/big', model: 'gpt-5.2-codex', approval_policy: 'never', sandbox_policy: { type: 'read-only' }, summary: 'auto' } }),
  ];
  const total = { input: 0, cached: 0, output: 0, reasoning: 0 };
  const want = { requests: 0, input: 0, output: 0 };
  let bytes = 0;
  let t = Date.parse('2026-09-10T08:00:02.000Z');
  const filler = 'Ünïcödé ✓ 日本語 🎉 output of a long command… '.repeat(80);
  while (bytes < targetBytes) {
    t += 1000;
    const ts = new Date(t).toISOString();
    lines.push(JSON.stringify({ timestamp: ts, type: 'response_item', payload: { type: 'function_call_output', call_id: 'c', output: filler.slice(0, 1000 + Math.floor(rand() * 3000)) } }));
    const last = { input: 1000 + Math.floor(rand() * 50_000), cached: 0, output: 10 + Math.floor(rand() * 2000), reasoning: 0 };
    last.cached = Math.floor(last.input * rand());
    last.reasoning = Math.floor(last.output * rand());
    total.input += last.input;
    total.cached += last.cached;
    total.output += last.output;
    total.reasoning += last.reasoning;
    want.requests += 1;
    want.input += last.input;
    want.output += last.output;
    const u = (x: typeof last) => ({ input_tokens: x.input, cached_input_tokens: x.cached, output_tokens: x.output, reasoning_output_tokens: x.reasoning, total_tokens: x.input + x.output });
    const row = JSON.stringify({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: u(total), last_token_usage: u(last), model_context_window: 272000 }, rate_limits: null } });
    lines.push(row);
    bytes += Buffer.byteLength(lines[lines.length - 2]!) + Buffer.byteLength(row) + 2;
    if (rand() < 0.4) {
      const again = row.replace(ts, new Date(t + 3).toISOString()); // re-emit: not a new request
      lines.push(again);
      bytes += Buffer.byteLength(again) + 1;
    }
  }
  const data = Buffer.from(lines.join('\n') + '\n');
  return { data, want };
}

describe('a 50 MB rollout appended while being read', () => {
  it('ends with exactly the generated totals', async () => {
    const dir = await tempDir();
    cleanup = dir.cleanup;
    const { data, want } = generate(50 * 1024 * 1024);
    expect(data.length).toBeGreaterThan(50 * 1024 * 1024);
    const file = path.join(dir.root, 'sessions', 'rollout-2026-09-10T10-00-00-019a9999-0000-7000-8000-000000000050.jsonl');
    await (await import('node:fs/promises')).mkdir(path.dirname(file), { recursive: true });
    const half = Math.floor(data.length / 2);
    await writeFile(file, data.subarray(0, half));

    const index = new UsageIndex('UTC');
    const discovered = { path: file, kind: 'codex' as const, source: { provider: 'codex' as const, root: dir.root } };
    const rand = rng(7);
    let appends = 0;
    const writer = (async () => {
      let at = half;
      while (at < data.length) {
        const size = Math.min(data.length - at, 1 + Math.floor(rand() * 400_000)); // splits lines and characters
        await appendFile(file, data.subarray(at, at + size));
        at += size;
        appends += 1;
        await new Promise((r) => setImmediate(r));
      }
    })();
    let reads = 0;
    let writerDone = false;
    const reader = (async () => {
      // Keep reading while the writer writes: each read goes to EOF as it is at that moment.
      while (true) {
        reads += 1;
        await index.processFile(discovered);
        if (writerDone) break;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await writer;
    writerDone = true;
    await reader;
    await index.processFile(discovered); // whatever landed after the last read

    const t = summarize(index, Date.parse('2026-09-11T00:00:00Z')).totals;
    expect({ requests: t.requests, input: t.inputTokens, output: t.outputTokens }).toEqual(want);
    expect(index.corruptLines).toBe(0);
    expect(appends).toBeGreaterThan(10);
    expect(reads).toBeGreaterThan(1);
  }, 120_000);
});
