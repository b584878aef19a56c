/**
 * The hostile-input catalogue (issue 12, suite item 14): paths, names, refs, configs, protocol
 * messages and data frames, one table row each, against a real engine over its real socket.
 * Every row must end in a typed error (or a harmless success), change nothing it should not,
 * execute nothing, and leave the engine answering.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wsUrl } from '../../src/shared/protocol/client.ts';
import { encodeFrame, FrameType } from '../../src/shared/protocol/data-frames.ts';
import { DATA_PATH, RPC_PATH } from '../../src/shared/protocol/index.ts';
import { setTransportLogSink } from '../../src/main/transport/transport-log.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine-server.ts';
import { git, makeBareRepo, makeRepo, makeTempDir } from '../helpers/git-repo.ts';
import { openRaw, type RawSocket } from '../helpers/raw-ws.ts';
import { recordSummary } from '../reliability/suite.ts';

let t: TestEngine;
let root: string;
let repoPath: string;
let repoId: string;
let dataSocket: RawSocket;
let rpcSocket: RawSocket;
const started = Date.now();
let tried = 0;

const RLO = '\u202e';
/** Every command-injection attempt below would create this file. */
const PWNED = 'pwned-marker';

beforeAll(async () => {
  setTransportLogSink(() => undefined);
  root = makeTempDir('ao-hostile-');
  repoPath = makeRepo({ path: path.join(root, 'app'), files: { 'a.txt': 'a\n' } });
  t = await startTestEngine({ home: path.join(root, 'home') });
  const added = await t.client.repos.add({ path: repoPath });
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  repoId = added.value.id;
  const endpoint = { baseUrl: t.server.baseUrl, token: t.server.token };
  dataSocket = await openRaw(wsUrl(endpoint, DATA_PATH));
  rpcSocket = await openRaw(wsUrl(endpoint, RPC_PATH));
});

afterAll(async () => {
  dataSocket.socket.destroy();
  rpcSocket.socket.destroy();
  setTransportLogSink(null);
  await t.close();
  recordSummary({ suite: 'hostile inputs (catalogue)', faults: 0, operations: tried, inputs: tried, dataLost: 0, ms: Date.now() - started });
});

/** What every row checks afterwards: nothing ran, the repository is as it was, the engine answers. */
async function afterEachCase(): Promise<void> {
  tried++;
  expect(existsSync(path.join(root, PWNED)) || existsSync(path.join(repoPath, PWNED)) || existsSync(PWNED)).toBe(false);
  expect((await t.client.engine.info()).pid).toBe(process.pid);
}

/** The kind of a Result error, or the oRPC error code when the input was refused by validation. */
async function kindOf(call: () => Promise<{ ok: boolean; error?: { kind: string } }>): Promise<string> {
  try {
    const result = await call();
    return result.ok ? 'ok' : result.error!.kind;
  } catch (error) {
    return `orpc:${(error as { code?: string }).code ?? 'unknown'}`;
  }
}

const INJECTIONS = [`$(touch ${PWNED})`, `\`touch ${PWNED}\``, `; touch ${PWNED}`, `| touch ${PWNED}`, `&& touch ${PWNED}`];

describe('paths (repos.add)', () => {
  const cases: [string, () => string, string[]][] = [
    ['empty', () => '', ['INVALID_INPUT']],
    ['spaces only', () => '   ', ['INVALID_INPUT']],
    ['relative', () => 'some/relative/dir', ['PATH_NOT_ABSOLUTE']],
    ['parent traversal', () => '../../../../../../etc', ['PATH_NOT_ABSOLUTE']],
    ['a file', () => '/etc/hostname', ['NOT_A_DIRECTORY', 'PATH_NOT_FOUND']],
    ['a device', () => '/dev/null', ['NOT_A_DIRECTORY']],
    ['missing', () => path.join(root, 'nope'), ['PATH_NOT_FOUND']],
    ['NUL byte', () => `${repoPath}\0/x`, ['INVALID_INPUT', 'PATH_NOT_FOUND', 'orpc:BAD_REQUEST']],
    ['newline', () => `${repoPath}\n/etc`, ['PATH_NOT_FOUND', 'INVALID_INPUT']],
    ['10 000 characters', () => `/${'a'.repeat(10_000)}`, ['PATH_NOT_FOUND', 'INVALID_INPUT']],
    ['unknown user home', () => '~nobody-here/x', ['INVALID_INPUT', 'PATH_NOT_FOUND']],
    // A file URL is read as the path it names (drag and drop gives those): nothing new is added.
    ['file URL', () => `file://${repoPath}`, ['INVALID_INPUT', 'PATH_NOT_FOUND', 'REPO_ALREADY_ADDED']],
    ['Windows drive', () => 'C:\\Windows', ['PATH_NOT_ABSOLUTE', 'PATH_NOT_FOUND']],
    ['UNC path', () => '\\\\server\\share', ['PATH_NOT_ABSOLUTE', 'PATH_NOT_FOUND']],
    ['right-to-left override', () => `${root}/${RLO}gpj.exe`, ['PATH_NOT_FOUND']],
    ['plain folder', () => mkdirp(path.join(root, 'plain')), ['NOT_A_GIT_REPO']],
    ['bare repository', () => makeBareRepo({ path: path.join(root, 'bare.git') }), ['BARE_REPO']],
    ['symlink loop', () => loop(), ['PATH_NOT_FOUND', 'NOT_A_DIRECTORY', 'INVALID_INPUT']],
    ['FIFO', () => fifo(), ['NOT_A_DIRECTORY']],
    ['already added', () => repoPath, ['REPO_ALREADY_ADDED']],
    ...INJECTIONS.map((text): [string, () => string, string[]] => [`injection ${text}`, () => `${root}/${text}`, ['PATH_NOT_FOUND', 'INVALID_INPUT']]),
  ];
  it.each(cases)('%s', async (_name, make, kinds) => {
    const before = (await t.client.repos.list()).length;
    expect(kinds).toContain(await kindOf(() => t.client.repos.add({ path: make() })));
    expect((await t.client.repos.list()).length).toBe(before);
    await afterEachCase();
  });
});

describe('worktree names', () => {
  const bad: [string, string][] = [
    ['empty', ''],
    ['dot', '.'],
    ['dot dot', '..'],
    ['leading dash', '-rf'],
    ['slash', 'a/b'],
    ['backslash', 'a\\b'],
    ['NUL', 'a\0b'],
    ['newline', 'a\nb'],
    ['tab', 'a\tb'],
    ['escape sequence', 'a\x1b[31mb'],
    ['right-to-left override', `txt${RLO}exe`],
    ['left-to-right isolate', 'a\u2066b'],
    ['101 characters', 'n'.repeat(101)],
    ['leading space', ' x'],
    ['trailing space', 'x '],
  ];
  it.each(bad)('%s is refused and creates nothing', async (_name, name) => {
    const before = git(repoPath, 'for-each-ref');
    expect(await kindOf(() => t.client.worktrees.create({ repoId, name, bootstrap: false }))).toMatch(/^(INVALID_WORKTREE_NAME|INVALID_BRANCH_NAME|orpc:BAD_REQUEST)$/);
    expect(git(repoPath, 'for-each-ref')).toBe(before);
    await afterEachCase();
  });
  it.each(INJECTIONS.map((text) => [text]))('shell text %s is only ever a name: nothing runs', async (name) => {
    const kind = await kindOf(() => t.client.worktrees.create({ repoId, name, bootstrap: false }));
    expect(['ok', 'INVALID_WORKTREE_NAME', 'INVALID_BRANCH_NAME']).toContain(kind);
    await afterEachCase();
  });
});

describe('branches, bases and targets', () => {
  const branches = ['-x', 'HEAD', '@{-1}', 'a..b', 'refs/heads/x', 'x.lock', 'x/', '/x', 'x//y', 'x~1', 'x^', 'x:y', 'x?', 'x*', 'x[', `x${RLO}y`, 'x y', '--output=/tmp/x'];
  it.each(branches.map((branch) => [branch]))('branch %j is refused', async (branch) => {
    const before = git(repoPath, 'for-each-ref');
    expect(await kindOf(() => t.client.worktrees.create({ repoId, name: 'b', branch, bootstrap: false }))).toBe('INVALID_BRANCH_NAME');
    expect(git(repoPath, 'for-each-ref')).toBe(before);
    await afterEachCase();
  });
  const targets = ['main~0', 'main:a.txt', 'main^{tree}', 'HEAD@{0}', 'main..main', '-x', '--output=/tmp/x', 'no-such-branch'];
  it.each(targets.map((target) => [target]))('target %j is refused', async (target) => {
    expect(await kindOf(() => t.client.worktrees.create({ repoId, name: 'tg', target, bootstrap: false }))).toBe('TARGET_NOT_FOUND');
    await afterEachCase();
  });
  const bases = ['-x', '--output=/tmp/x', 'no-such-ref', `$(touch ${PWNED})`];
  it.each(bases.map((ref) => [ref]))('base %j is refused', async (ref) => {
    expect(await kindOf(() => t.client.worktrees.create({ repoId, name: 'bs', base: { kind: 'ref', ref }, bootstrap: false }))).toMatch(/^(BASE_NOT_FOUND|INVALID_INPUT)$/);
    await afterEachCase();
  });
});

describe('repository configs', () => {
  const file = (): string => path.join(repoPath, 'agent-orchestrator.json');
  const configs: [string, () => void, RegExp][] = [
    ['not JSON', () => writeFileSync(file(), '{ nope'), /not valid JSON/],
    ['empty file', () => writeFileSync(file(), ''), /not valid JSON/],
    ['an array', () => writeFileSync(file(), '[]'), /.+/],
    ['a number', () => writeFileSync(file(), '42'), /.+/],
    ['setup is a number', () => writeFileSync(file(), '{"setup": 1}'), /.+/],
    ['ports as text', () => writeFileSync(file(), '{"ports": "many"}'), /wrong type|expected/],
    ['ports out of range', () => writeFileSync(file(), '{"ports": {"count": 5, "rangeStart": 80}}'), /.+/],
    ['unknown key', () => writeFileSync(file(), '{"runAsRoot": true}'), /not a known setting/],
    ['__proto__ key', () => writeFileSync(file(), '{"__proto__": {"setup": "touch x"}}'), /.+/],
    ['agent command a number', () => writeFileSync(file(), '{"agents": {"x": {"command": 3}}}'), /.+/],
    ['worktreeDir /etc', () => writeFileSync(file(), '{"worktreeDir": "/etc/trees"}'), /must be inside/],
    ['worktreeDir far up', () => writeFileSync(file(), '{"worktreeDir": "../../../../../../../tmp/x"}'), /must be inside/],
    ['worktreeDir in .git', () => writeFileSync(file(), '{"worktreeDir": ".git/x"}'), /\.git/],
    ['symlink to /dev/zero', () => symlinkSync('/dev/zero', file()), /not a regular file/],
    ['symlink to /dev/urandom', () => symlinkSync('/dev/urandom', file()), /not a regular file/],
    ['a FIFO', () => execFileSync('mkfifo', [file()]), /not a regular file/],
    ['a folder', () => mkdirSync(file()), /not a regular file/],
    ['2 MB', () => writeFileSync(file(), `{"setup": "${'x'.repeat(2 * 1024 * 1024)}"}`), /larger than/],
    ['deeply nested', () => writeFileSync(file(), '['.repeat(200_000)), /.+/],
    ['invalid UTF-8', () => writeFileSync(file(), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), /.+/],
  ];
  it.each(configs)('%s: INVALID_CONFIG, nothing created', async (_name, write, problem) => {
    rmSync(file(), { recursive: true, force: true });
    write();
    try {
      const before = git(repoPath, 'for-each-ref');
      const result = await t.client.worktrees.create({ repoId, name: 'cfg', bootstrap: false });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.kind).toBe('INVALID_CONFIG');
        if (result.error.kind === 'INVALID_CONFIG') expect(result.error.problem).toMatch(problem);
      }
      expect(git(repoPath, 'for-each-ref')).toBe(before);
    } finally {
      rmSync(file(), { recursive: true, force: true });
    }
    await afterEachCase();
  });
});

describe('protocol messages', () => {
  const inputs: [string, () => Promise<unknown>][] = [
    ['repoId a number', () => t.client.worktrees.list({ repoId: 42 as unknown as string })],
    ['missing input', () => t.client.worktrees.list(undefined as unknown as { repoId: string })],
    ['cols negative', () => t.client.terminals.create({ cwd: root, cols: -1, rows: 24 })],
    ['cols huge', () => t.client.terminals.create({ cwd: root, cols: 1e9, rows: 24 })],
    ['rows fractional', () => t.client.terminals.create({ cwd: root, cols: 80, rows: 2.5 })],
    ['prompt over the limit', () => t.client.agents.launch({ agentId: 'claude', cwd: root, cols: 80, rows: 24, prompt: 'x'.repeat(100_001) })],
    ['notes over the limit', () => t.client.agents.handoffPreview({ sessionId: 'x', notes: 'x'.repeat(20_001) })],
    ['settings with wrong types', () => t.client.settings.update({ agents: { quiescenceMs: 'soon' as unknown as number } })],
    ['layout: open a pane with an id of 10 000 characters', () => t.client.layout.open({ sessionId: 'x'.repeat(10_000) } as never)],
    ['trust grant with a 1 KB hash', () => t.client.trust.grant({ repoId, configHash: 'x'.repeat(1000) })],
  ];
  it.each(inputs)('%s is refused with a typed error', async (_name, call) => {
    const outcome = await call().then(
      (value) => ((value as { ok?: boolean }).ok === false ? 'error-value' : 'accepted'),
      (error: { code?: string }) => `orpc:${error.code}`,
    );
    expect(['orpc:BAD_REQUEST', 'error-value']).toContain(outcome);
    await afterEachCase();
  });

  const raw: [string, unknown][] = [
    ['unknown procedure', { i: 'r1', p: { u: '/nope/nothing' } }],
    ['path traversal in the procedure', { i: 'r2', p: { u: '/../../etc/passwd' } }],
    ['absolute URL to elsewhere', { i: 'r3', p: { u: 'http://example.invalid/engine/info' } }],
    ['GET method', { i: 'r4', p: { u: '/engine/info', m: 'GET' } }],
    ['body of the wrong shape', { i: 'r5', p: { u: '/worktrees/list', b: { json: [1, 2, 3] } } }],
    ['prototype pollution in the body', { i: 'r6', p: { u: '/worktrees/list', b: { json: { __proto__: { polluted: true }, repoId } } } }],
    ['meta that names a missing path', { i: 'r7', p: { u: '/worktrees/list', b: { json: { repoId }, meta: [[99, 'a.b.c']] } } }],
    ['headers as a string', { i: 'r8', p: { u: '/engine/info', h: 'x' } }],
    ['payload null', { i: 'r9', p: null }],
    ['type 2 (a response) from the client', { i: 'r10', t: 2, p: {} }],
    ['abort of an unknown id', { i: 'r11', t: 4 }],
    ['id an object', { i: { x: 1 }, p: { u: '/engine/info' } }],
  ];
  it.each(raw)('%s: answered or dropped, engine up', async (_name, message) => {
    let socket = rpcSocket;
    if (socket.socket.destroyed) socket = rpcSocket = await openRaw(wsUrl({ baseUrl: t.server.baseUrl, token: t.server.token }, RPC_PATH));
    socket.frame({ opcode: 0x1, payload: new TextEncoder().encode(JSON.stringify(message)) });
    // A ping after it: the pong comes once the message was handled (frames in order), or the
    // connection was closed for it. No sleep.
    await socket.alive();
    await afterEachCase();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('data frames', () => {
  const frames: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.from([FrameType.ATTACH])],
    ['type 0x00', Uint8Array.from([0x00, 1, 0x61])],
    ['type 0xff', Uint8Array.from([0xff, 1, 0x61])],
    ['id length past the end', Uint8Array.from([FrameType.ATTACH, 200, 0x61])],
    ['ACK of 3 bytes', encodeFrame(FrameType.ACK, 'abc', Uint8Array.from([1, 2, 3]))],
    ['ACK of 5 bytes', encodeFrame(FrameType.ACK, 'abc', Uint8Array.from([1, 2, 3, 4, 5]))],
    ['INPUT to an unknown session', encodeFrame(FrameType.INPUT, 'nosuchsession', new TextEncoder().encode(`touch ${PWNED}\r`))],
    ['DETACH of an unknown session', encodeFrame(FrameType.DETACH, 'nosuchsession')],
    ['ATTACH with an empty id', Uint8Array.from([FrameType.ATTACH, 0])],
    ['ATTACH with a 255-byte id', Uint8Array.from([FrameType.ATTACH, 255, ...new Uint8Array(255).fill(0x61)])],
    ['ATTACH with invalid UTF-8', Uint8Array.from([FrameType.ATTACH, 4, 0xff, 0xfe, 0xfd, 0xfc])],
    ['SNAPSHOT from a client', encodeFrame(FrameType.SNAPSHOT, 'abc', new Uint8Array(10))],
    ['DATA from a client', encodeFrame(FrameType.DATA, 'abc', new Uint8Array(10))],
    ['EXIT from a client', encodeFrame(FrameType.EXIT, 'abc', new Uint8Array(4))],
    ['ERROR from a client', encodeFrame(FrameType.ERROR, 'abc', new TextEncoder().encode('{"kind":"INTERNAL"}'))],
    ['path separators in the id', encodeFrame(FrameType.ATTACH, '../../etc')],
  ];
  it.each(frames)('%s is dropped; the connection and the engine stay up', async (_name, frame) => {
    if (dataSocket.socket.destroyed) dataSocket = await openRaw(wsUrl({ baseUrl: t.server.baseUrl, token: t.server.token }, DATA_PATH));
    dataSocket.frame({ opcode: 0x2, payload: frame });
    // Still serving this connection: an ATTACH of an unknown (well-formed) id answers ERROR.
    const marker = `probe${tried}`;
    dataSocket.frame({ opcode: 0x2, payload: encodeFrame(FrameType.ATTACH, marker) });
    const deadline = Date.now() + 5_000;
    while (!dataSocket.received().includes(Buffer.from(marker)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(dataSocket.received().includes(Buffer.from(marker))).toBe(true);
    await afterEachCase();
  });
});

describe('offending frames', () => {
  it('an ACK of 4 GB for output never sent disconnects that client (and only it)', async () => {
    const offender = await openRaw(wsUrl({ baseUrl: t.server.baseUrl, token: t.server.token }, DATA_PATH));
    offender.frame({ opcode: 0x2, payload: encodeFrame(FrameType.ACK, 'abc', Uint8Array.from([0xff, 0xff, 0xff, 0xff])) });
    await offender.closed;
    await afterEachCase();
  });
});

describe('the catalogue', () => {
  it('has at least 100 cases, and none of them left anything behind', () => {
    expect(tried).toBeGreaterThanOrEqual(100);
    expect(readdirSync(root).filter((name) => name.includes(PWNED))).toEqual([]);
  });
});

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

function loop(): string {
  const a = path.join(root, 'loop-a');
  const b = path.join(root, 'loop-b');
  if (!existsSync(a)) {
    symlinkSync(b, a);
    symlinkSync(a, b);
  }
  return a;
}

function fifo(): string {
  const file = path.join(root, 'a-fifo');
  if (!existsSync(file)) execFileSync('mkfifo', [file]);
  return file;
}
