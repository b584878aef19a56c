/**
 * Property-based fuzzing with fast-check (issue 12, suite item 14): random and mutated protocol
 * messages and data frames against a real engine over its socket.
 *
 * - Procedures get arbitrary inputs through the typed client: every call must come back as a
 *   Result or an oRPC error with a code — a typed answer, never a hang or a dropped connection.
 * - Raw /rpc text (random JSON, mutated valid messages, random strings) and raw /data frames
 *   (random bytes, mutated valid frames) must never take the engine down.
 * - Afterwards the engine still answers and its retained memory is back near the baseline.
 *
 * Default counts keep `npm test` short on 2 cores; AGENT_ORCHESTRATOR_LONG_TESTS=1 runs 100 000
 * protocol messages and 20 000 data frames.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsUrl } from '../../src/shared/protocol/client.ts';
import { encodeFrame, encodeU32, FrameType } from '../../src/shared/protocol/data-frames.ts';
import { DATA_PATH, RPC_PATH, type EngineClient } from '../../src/shared/protocol/index.ts';
import { setTransportLogSink } from '../../src/main/transport/transport-log.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine-server.ts';
import { makeRepo, makeTempDir } from '../helpers/git-repo.ts';
import { openRaw, type RawSocket } from '../helpers/raw-ws.ts';
import { retainedMemory } from '../reliability/retained-memory.ts';
import { recordSummary, size } from '../reliability/suite.ts';

const TYPED_CALLS = size(2_000, 60_000);
const RAW_MESSAGES = size(3_000, 40_000);
const DATA_FRAMES = size(2_000, 20_000);

let t: TestEngine;
let repoId: string;
let baseline = 0;

function retained(): number {
  return retainedMemory();
}

beforeAll(async () => {
  setTransportLogSink(() => undefined);
  const root = makeTempDir('ao-fuzz-');
  t = await startTestEngine({ home: `${root}/home` });
  const added = await t.client.repos.add({ path: makeRepo({ path: `${root}/app` }) });
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  repoId = added.value.id;
  await t.client.engine.info();
  baseline = retained();
});

afterAll(async () => {
  setTransportLogSink(null);
  await t.close({ removeHome: true });
});

/** Procedures whose every input is safe to try (they read, or act on ids that do not exist). */
const PROCEDURES: ((client: EngineClient, input: unknown) => Promise<unknown>)[] = [
  (c, i) => c.engine.info(i as never),
  (c, i) => c.repos.list(i as never),
  (c, i) => c.worktrees.list(i as never),
  (c, i) => c.worktrees.config(i as never),
  (c, i) => c.worktrees.archives(i as never),
  (c, i) => c.worktrees.archivePreview(i as never),
  (c, i) => c.worktrees.bootstrapLog(i as never),
  (c, i) => c.trust.get(i as never),
  (c, i) => c.terminals.screen(i as never),
  (c, i) => c.terminals.resize(i as never),
  (c, i) => c.terminals.write(i as never),
  (c, i) => c.terminals.kill(i as never),
  (c, i) => c.layout.get(i as never),
  (c, i) => c.agents.profiles(i as never),
  (c, i) => c.agents.list(i as never),
  (c, i) => c.settings.get(i as never),
  (c, i) => c.usage.quota(i as never),
];

/** Inputs near the real shapes (so validation passes sometimes) and far from them. */
const inputArb = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({ repoId: fc.oneof(fc.string(), fc.constant('__REPO__')), path: fc.string() }, { requiredKeys: [] }),
  fc.record({ sessionId: fc.string({ maxLength: 80 }), cols: fc.integer(), rows: fc.integer(), data: fc.string() }, { requiredKeys: [] }),
);

describe('fuzzing', () => {
  it(`${TYPED_CALLS} procedure calls with arbitrary inputs each get a typed answer`, async () => {
    const started = Date.now();
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: PROCEDURES.length - 1 }), inputArb, async (index, rawInput) => {
        const input = JSON.parse(JSON.stringify(rawInput ?? null, (_key, value: unknown) => (value === '__REPO__' ? repoId : value)) ?? 'null');
        const outcome = await PROCEDURES[index]!(t.client, input).then(
          () => 'answered',
          (error: { code?: unknown }) => (typeof error.code === 'string' ? 'typed-error' : `untyped: ${String(error)}`),
        );
        answered++;
        return outcome === 'answered' || outcome === 'typed-error';
      }),
      { numRuns: TYPED_CALLS },
    );
    expect(answered).toBe(TYPED_CALLS);
    recordSummary({ suite: 'fuzz: typed procedure calls', faults: 0, operations: answered, inputs: answered, dataLost: 0, ms: Date.now() - started });
  }, 900_000);

  it(`${RAW_MESSAGES} random and mutated raw /rpc messages never take the engine down`, async () => {
    const started = Date.now();
    const endpoint = { baseUrl: t.server.baseUrl, token: t.server.token };
    let socket: RawSocket = await openRaw(wsUrl(endpoint, RPC_PATH));
    let reconnects = 0;
    const valid = JSON.stringify({ i: 1, p: { u: '/worktrees/list', b: { json: { repoId } } } });
    const messageArb = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.string({ maxLength: 200 }),
      fc.record({ i: fc.oneof(fc.integer(), fc.string({ maxLength: 70 })), t: fc.option(fc.integer({ min: -1, max: 6 })), p: fc.anything({ maxDepth: 3 }) }).map((m) => JSON.stringify(m)),
      // A valid message with a few characters flipped, inserted or dropped.
      fc.tuple(fc.nat({ max: valid.length - 1 }), fc.string({ maxLength: 3 }), fc.nat({ max: 3 })).map(([at, insert, drop]) => valid.slice(0, at) + insert + valid.slice(at + drop)),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(messageArb, async (text) => {
        socket.frame({ opcode: 0x1, payload: new TextEncoder().encode(text) });
        sent++;
        // Each message is handled before the ping after it: a close frame first means this one
        // was refused (a fresh connection for the next), a pong means it was accepted.
        if (!(await socket.alive())) {
          socket.socket.destroy();
          socket = await openRaw(wsUrl(endpoint, RPC_PATH));
          reconnects++;
        }
        if (sent % 500 === 0) await t.client.engine.info();
        return true;
      }),
      { numRuns: RAW_MESSAGES },
    );
    socket.socket.destroy();
    expect((await t.client.engine.info()).pid).toBe(process.pid);
    console.log(`fuzz /rpc: ${sent} messages, ${reconnects} connections closed by the engine for malformed input`);
    recordSummary({ suite: 'fuzz: raw /rpc messages', faults: reconnects, operations: sent, inputs: sent, dataLost: 0, ms: Date.now() - started });
  }, 900_000);

  it(`${DATA_FRAMES} random and mutated /data frames never take the engine down; memory returns`, async () => {
    const started = Date.now();
    const endpoint = { baseUrl: t.server.baseUrl, token: t.server.token };
    let socket: RawSocket = await openRaw(wsUrl(endpoint, DATA_PATH));
    let reconnects = 0;
    const types = Object.values(FrameType);
    const frameArb = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(fc.constantFrom(...types), fc.string({ maxLength: 70 }), fc.uint8Array({ maxLength: 64 })).map(([type, id, payload]) => {
        try {
          return encodeFrame(type, id, payload);
        } catch {
          return Uint8Array.from([type, 0]);
        }
      }),
      fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.nat()).map(([id, n]) => {
        try {
          return encodeFrame(FrameType.ACK, id, encodeU32(n % 65536));
        } catch {
          return new Uint8Array(0);
        }
      }),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(frameArb, fc.boolean(), async (frame, asText) => {
        socket.frame({ opcode: asText && sent % 50 === 0 ? 0x1 : 0x2, payload: frame });
        sent++;
        if (!(await socket.alive())) {
          socket.socket.destroy();
          socket = await openRaw(wsUrl(endpoint, DATA_PATH));
          reconnects++;
        }
        if (sent % 500 === 0) await t.client.engine.info();
        return true;
      }),
      { numRuns: DATA_FRAMES },
    );
    socket.socket.destroy();
    expect((await t.client.engine.info()).pid).toBe(process.pid);
    // Whatever the fuzzing allocated is released: retained memory is back near the baseline.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const grown = retained() - baseline;
    console.log(`fuzz /data: ${sent} frames, ${reconnects} connections closed by the engine; retained memory ${(grown / 1048576).toFixed(1)} MB above the start`);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    recordSummary({ suite: 'fuzz: /data frames', faults: reconnects, operations: sent, inputs: sent, dataLost: 0, ms: Date.now() - started });
  }, 900_000);
});
