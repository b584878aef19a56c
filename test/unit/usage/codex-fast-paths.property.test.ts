/**
 * The Codex scan's shortcuts against what they replace, on generated input:
 * - the row selector (`acceptCodexLine`, bytes compared in place) takes the rows the previous
 *   selector took (decoded head, set lookups), whatever the key order, spacing or bytes around the
 *   row, and never drops a row the parser reads — not even one whose envelope is too long for the
 *   previous selector (it dropped those; this one falls back to the needles);
 * - re-emits recognised by comparing totals as numbers count every request exactly once,
 *   through refreshes, second-bucket copies and older totals repeated out of order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptCodexLine, CODEX_NEEDLES, CodexFileParser, newCodexFileState } from '../../../src/main/engine/usage/sources/codex-parser.ts';
import { CodexSeenKeys } from '../../../src/main/engine/usage/sources/codex-seen-keys.ts';
import type { ParseSink, UsageRecord } from '../../../src/main/engine/usage/types.ts';

/** The selector before this change, verbatim in behaviour: the reference. */
function referenceAccept(buffer: Buffer, start: number, end: number): boolean {
  const TYPE_KEY = Buffer.from('"type":"');
  const WANTED = new Set(['token_count', 'turn_context', 'session_meta', 'model_reroute', 'error']);
  const UNWANTED = new Set(['response_item', 'compacted', 'event_msg']);
  const head = buffer.subarray(start, Math.min(end, start + 320));
  let at = 0;
  let seen = 0;
  while (seen < 2) {
    const key = head.indexOf(TYPE_KEY, at);
    if (key < 0) break;
    const from = key + TYPE_KEY.length;
    const to = head.indexOf(0x22, from);
    if (to < 0) break;
    const value = head.toString('latin1', from, to);
    if (WANTED.has(value)) return true;
    if (!UNWANTED.has(value)) return false;
    seen += 1;
    at = to + 1;
  }
  if (seen > 0) return false;
  const line = buffer.subarray(start, end);
  return CODEX_NEEDLES.some((needle) => line.includes(needle));
}

const TYPES = ['session_meta', 'turn_context', 'event_msg', 'response_item', 'compacted', 'user_message', 'x', ''];
const PAYLOAD_TYPES = ['token_count', 'model_reroute', 'error', 'agent_message', 'reasoning', 'function_call_output', 'message', 'token_coun', 'errors'];

/** A rollout row as Codex writes it, or perturbed: key order, spacing, padding, look-alike values. */
const row = fc
  .record({
    type: fc.constantFrom(...TYPES),
    payloadType: fc.constantFrom(...PAYLOAD_TYPES),
    typeFirst: fc.boolean(),
    spaced: fc.boolean(),
    pad: fc.nat({ max: 400 }),
    body: fc.constantFrom('', '"token_count"', '"error"', 'x'.repeat(500), '"type":"token_count"'),
  })
  .map(({ type, payloadType, typeFirst, spaced, pad, body }) => {
    const colon = spaced ? '": "' : '":"';
    const ts = `"timestamp":"2026-09-10T08:15:31.220Z${'0'.repeat(pad)}"`;
    const payload = `"payload":{"type${colon}${payloadType}","data":"${body.replaceAll('"', '\\"')}","raw":${body.startsWith('"') ? body : '1'}}`;
    const envelope = `"type${colon}${type}"`;
    return { type, payloadType, typeFirst, pad, line: `{${ts},${typeFirst ? `${envelope},${payload}` : `${payload},${envelope}`}}` };
  });

describe('acceptCodexLine', () => {
  it('takes every row the reference selector takes, and more only where a needle is, wherever the row sits', () => {
    fc.assert(
      fc.property(row, fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (r, before, after) => {
        const buffer = Buffer.from(`${before}\n${r.line}\n${after}`);
        const start = Buffer.byteLength(before) + 1;
        const end = start + Buffer.byteLength(r.line);
        const got = acceptCodexLine(buffer, start, end);
        const want = referenceAccept(buffer, start, end);
        if (want) expect(got).toBe(true);
        // The one difference: an envelope type whose payload type lies beyond the head is decided
        // on the needles instead of dropped.
        else if (got) expect(CODEX_NEEDLES.some((needle) => Buffer.from(r.line).includes(needle))).toBe(true);
        // Rows as Codex writes them (short envelope) are decided exactly as before.
        if (r.pad < 100) expect(got).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });

  it("never drops a row the parser reads, in Codex's key order (envelope type before the payload, whose type comes first), however long the envelope", () => {
    fc.assert(
      fc.property(row.filter((r) => r.typeFirst), (r) => {
        const read =
          r.type === 'session_meta' || r.type === 'turn_context' || (r.type === 'event_msg' && ['token_count', 'model_reroute', 'error'].includes(r.payloadType));
        const buffer = Buffer.from(r.line);
        if (read) expect(acceptCodexLine(buffer, 0, buffer.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Codex re-emits recognised by number', () => {
  it('counts each request once through refreshes, bucket copies and older totals repeated', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ input: fc.integer({ min: 1, max: 50_000 }), output: fc.integer({ min: 1, max: 5_000 }) }), { minLength: 1, maxLength: 25 }),
        // After each request: how many re-emits, and how far back each one reaches (0 = the latest).
        fc.array(fc.array(fc.nat({ max: 7 }), { maxLength: 4 }), { maxLength: 25 }),
        (requests, reemits) => {
          const records: UsageRecord[] = [];
          const sink: ParseSink = {
            record: (next) => void records.push(next),
            rateLimits: () => undefined,
            limitHit: () => undefined,
            context: () => undefined,
            session: () => undefined,
          };
          const parser = new CodexFileParser('acct', 'thread', newCodexFileState(), CodexSeenKeys.fromSaved(undefined), sink);
          const usage = (i: number, c: number, o: number) => ({ input_tokens: i, cached_input_tokens: c, output_tokens: o, reasoning_output_tokens: 0, total_tokens: i + o });
          const totals: ReturnType<typeof usage>[] = [];
          let input = 0;
          let output = 0;
          let second = 0;
          const emit = (total: ReturnType<typeof usage>, last: ReturnType<typeof usage>) =>
            parser.onValue({
              timestamp: new Date(Date.UTC(2026, 8, 10, 8, 0, second++)).toISOString(),
              type: 'event_msg',
              payload: { type: 'token_count', info: { total_token_usage: total, last_token_usage: last, model_context_window: 258_400 }, rate_limits: null },
            });
          requests.forEach((req, i) => {
            input += req.input;
            output += req.output;
            const total = usage(input, 0, output);
            const last = usage(req.input, 0, req.output);
            totals.push(total);
            emit(total, last);
            for (const back of reemits[i] ?? []) {
              // A re-emit repeats one of the last eight totals (the parser remembers eight).
              const k = Math.max(0, totals.length - 1 - back);
              emit(totals[k]!, last);
            }
          });
          expect(records.map((r) => [r.tokens.input, r.tokens.output])).toEqual(requests.map((r) => [r.input, r.output]));
        },
      ),
      { numRuns: 500 },
    );
  });
});
