/**
 * Status hooks: the settings and overrides passed to agents, the helper they run, the line
 * format and what each event means. The helper runs for real (it is a file the engine writes).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  claudeHookSettings,
  claudeSettingsFile,
  codexNotifyOverride,
  hookArgsFor,
  interpretHook,
} from '../../../src/main/engine/agents/hooks/agent-hooks.ts';
import { HookChannel, parseHookLine, type HookEvent } from '../../../src/main/engine/agents/hooks/hook-channel.ts';
import {
  HOOK_FILE_ENV,
  HOOK_SECRET_ENV,
  installHookHelper,
  launcherSource,
  shQuote,
  STATUSLINE_FILE_ENV,
  USER_STATUSLINE_ENV,
} from '../../../src/main/engine/agents/hooks/hook-helper.ts';
import { makeTempDir, removeTempDir } from '../../helpers/temp-dir.ts';

const run = promisify(execFile);
const dirs: string[] = [];
const channels: HookChannel[] = [];

afterEach(async () => {
  await Promise.all(channels.splice(0).map((channel) => channel.dispose()));
  for (const dir of dirs.splice(0)) removeTempDir(dir);
});

function tempDir(): string {
  const dir = makeTempDir('ao-hooks-');
  dirs.push(dir);
  return dir;
}

function event(agent: string, name: string, payload: HookEvent['payload']): HookEvent {
  return { sessionId: 'k', agent, event: name, at: 1, payload };
}

describe('what agents are given', () => {
  it('gives Claude Code one hook command per event, the launcher quoted for the shell', () => {
    const settings = claudeHookSettings("/data/it's here/ao-hook") as { hooks: Record<string, { matcher?: string; hooks: { type: string; command: string }[] }[]> };
    expect(Object.keys(settings.hooks)).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Notification', 'Stop']);
    expect(settings.hooks.Stop).toEqual([{ hooks: [{ type: 'command', command: `'/data/it'\\''s here/ao-hook' claude Stop`, timeout: 10 }] }]);
    expect(settings.hooks.PreToolUse?.[0]?.matcher).toBe('*');
  });

  it('writes the Claude settings to a file beside the hook file and passes its path', async () => {
    const dir = tempDir();
    const hookFile = path.join(dir, 'k1.jsonl');
    const args = await hookArgsFor('claude-settings', '/x/ao-hook', hookFile);
    expect(args).toEqual(['--settings', claudeSettingsFile(hookFile)]);
    expect(JSON.parse(await readFile(args[1]!, 'utf8'))).toEqual(claudeHookSettings('/x/ao-hook'));
  });

  it('gives Codex a notify override as a TOML array, escaping Windows paths', async () => {
    expect(codexNotifyOverride('C:\\Users\\dev\\ao-hook.cmd')).toBe('notify=["C:\\\\Users\\\\dev\\\\ao-hook.cmd","codex","notify"]');
    expect(await hookArgsFor('codex-notify', '/x/ao-hook', '/d/k.jsonl')).toEqual(['-c', 'notify=["/x/ao-hook","codex","notify"]']);
  });

  it('quotes for a POSIX shell', () => {
    expect(shQuote(`a'b $c`)).toBe(`'a'\\''b $c'`);
  });

  it('runs the helper with ELECTRON_RUN_AS_NODE only inside the launcher', () => {
    expect(launcherSource('/Apps/AO.app/Electron', ['/d/ao-hook.mjs'], 'darwin')).toContain(`ELECTRON_RUN_AS_NODE=1 exec '/Apps/AO.app/Electron' '/d/ao-hook.mjs' "$@"`);
    expect(launcherSource('C:\\AO\\ao.exe', ['C:\\d\\ao-hook.mjs'], 'win32')).toBe('@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"C:\\AO\\ao.exe" "C:\\d\\ao-hook.mjs" %*\r\n');
    // From sources the program runs through tsx's loader; every argument is quoted on its own.
    expect(launcherSource('/usr/bin/node', ['--import', 'file:///r/tsx/loader.mjs', '/r/ao-hook.ts'], 'linux')).toContain(
      `exec '/usr/bin/node' '--import' 'file:///r/tsx/loader.mjs' '/r/ao-hook.ts' "$@"`,
    );
  });
});

describe('the helper', () => {
  it('appends one line with the secret and the short fields of the payload', async () => {
    const dir = tempDir();
    const helper = await installHookHelper(path.join(dir, 'bin'));
    const file = path.join(dir, 'events.jsonl');
    const env = { PATH: process.env.PATH ?? '', [HOOK_FILE_ENV]: file, [HOOK_SECRET_ENV]: 's3cret' };
    const payload = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 't1', 'input-messages': ['big'], n: 2 });
    const result = await run(helper.launcher, ['codex', 'notify', payload], { env });
    expect(result.stdout).toBe('');
    const line = JSON.parse((await readFile(file, 'utf8')).trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ v: 1, secret: 's3cret', agent: 'codex', event: 'notify', payload: { type: 'agent-turn-complete', 'thread-id': 't1', n: 2 } });
    expect((line.payload as Record<string, unknown>)['input-messages']).toBeUndefined();
  });

  it('reads Claude payloads from stdin', async () => {
    const dir = tempDir();
    const helper = await installHookHelper(path.join(dir, 'bin'));
    const file = path.join(dir, 'events.jsonl');
    const env = { PATH: process.env.PATH ?? '', [HOOK_FILE_ENV]: file, [HOOK_SECRET_ENV]: 'x' };
    const child = execFile(helper.launcher, ['claude', 'Stop'], { env });
    child.stdin?.end(JSON.stringify({ session_id: 'abc', hook_event_name: 'Stop', tool_input: { huge: true } }));
    await new Promise((resolve) => child.on('close', resolve));
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ event: 'Stop', payload: { session_id: 'abc', hook_event_name: 'Stop' } });
  });

  it('does nothing at all outside a session the app started', async () => {
    const dir = tempDir();
    const helper = await installHookHelper(path.join(dir, 'bin'));
    const file = path.join(dir, 'events.jsonl');
    await writeFile(file, '');
    // The file is known but the secret is missing (a copied command line, another terminal).
    const result = await run(helper.launcher, ['codex', 'notify', '{}'], { env: { PATH: process.env.PATH ?? '', [HOOK_FILE_ENV]: file } });
    expect(result).toMatchObject({ stdout: '', stderr: '' });
    expect(await readFile(file, 'utf8')).toBe('');
  });
});

describe('the status line', () => {
  it('is installed only when asked, as the helper in status-line mode', () => {
    expect(claudeHookSettings('/x/ao-hook')).not.toHaveProperty('statusLine');
    expect(claudeHookSettings('/x/ao-hook', { statusLine: true })).toMatchObject({
      statusLine: { type: 'command', command: `'/x/ao-hook' claude statusline`, padding: 0 },
    });
  });

  it('keeps the latest payload for the engine and passes the user own status line through', async () => {
    const dir = tempDir();
    const helper = await installHookHelper(path.join(dir, 'bin'));
    const channel = new HookChannel({ dir: path.join(dir, 'hooks') });
    channels.push(channel);
    await channel.start();
    const reg = await channel.register('key2');
    const seen: unknown[] = [];
    channel.onStatusLine((event) => seen.push(event.payload));
    const runStatusLine = (input: object, own?: string) =>
      new Promise<string>((resolve) => {
        const env = { PATH: process.env.PATH ?? '', ...reg.env, ...(own ? { [USER_STATUSLINE_ENV]: own } : {}) };
        const child = execFile(helper.launcher, ['claude', 'statusline'], { env }, (_error, stdout) => resolve(stdout));
        child.stdin?.end(JSON.stringify(input));
      });
    const payload = { session_id: 's', context_window: { used_percentage: 24 }, rate_limits: { five_hour: { used_percentage: 42 } } };
    expect(await runStatusLine(payload, `read json; echo "mine: $json" | cut -c1-12`)).toBe('mine: {"sess\n');
    await channel.flushStatusLine('key2');
    expect(seen).toEqual([payload]);
    // Without a status line of their own, nothing is printed; an unchanged file is not re-read.
    expect(await runStatusLine({ ...payload, session_id: 't' })).toBe('');
    await channel.flushStatusLine('key2');
    await channel.flushStatusLine('key2');
    expect(seen).toHaveLength(2);
    expect(reg.env[STATUSLINE_FILE_ENV]).toBe(path.join(dir, 'hooks', 'key2.statusline.json'));
  });
});

describe('the channel', () => {
  it('delivers lines of registered sessions with the right secret only', async () => {
    const dir = tempDir();
    const channel = new HookChannel({ dir, pollMs: 20 });
    channels.push(channel);
    await channel.start();
    const events: HookEvent[] = [];
    channel.onEvent((e) => events.push(e));
    const reg = await channel.register('key1');
    const secret = reg.env[HOOK_SECRET_ENV]!;
    const line = (s: string, name: string) => JSON.stringify({ v: 1, secret: s, agent: 'claude', event: name, at: 5, payload: { session_id: 'x' } });
    const half = line(secret, 'Notification');
    await writeFile(reg.file, `${line('wrong', 'Forged')}\nnot json\n${line(secret, 'Stop')}\n${half.slice(0, 20)}`, { flag: 'a' });
    await channel.flush('key1');
    expect(events.map((e) => e.event)).toEqual(['Stop']);
    // The helper's write was cut short by a read in between: the rest completes the line.
    await writeFile(reg.file, `${half.slice(20)}\n`, { flag: 'a' });
    await channel.flush('key1');
    expect(events.map((e) => e.event)).toEqual(['Stop', 'Notification']);
    const settingsFile = claudeSettingsFile(reg.file);
    await writeFile(settingsFile, '{}');
    await channel.unregister('key1');
    await expect(readFile(reg.file)).rejects.toThrow();
    await expect(readFile(settingsFile)).rejects.toThrow();
  });

  it('gives each registration a new secret', async () => {
    const channel = new HookChannel({ dir: tempDir() });
    channels.push(channel);
    await channel.start();
    const a = await channel.register('k');
    const b = await channel.register('k');
    expect(a.env[HOOK_SECRET_ENV]).not.toBe(b.env[HOOK_SECRET_ENV]);
    expect(a.env[HOOK_FILE_ENV]).toBe(b.env[HOOK_FILE_ENV]);
  });

  it('parses only version-1 lines of the session', () => {
    const good = JSON.stringify({ v: 1, secret: 's', agent: 'codex', event: 'notify', at: 3, payload: { type: 'agent-turn-complete' } });
    expect(parseHookLine(good, 'k', 's')).toEqual({ sessionId: 'k', agent: 'codex', event: 'notify', at: 3, payload: { type: 'agent-turn-complete' } });
    expect(parseHookLine(good, 'k', 'other')).toBeNull();
    expect(parseHookLine(good.replace('"v":1', '"v":2'), 'k', 's')).toBeNull();
    expect(parseHookLine('[]', 'k', 's')).toBeNull();
  });
});

describe('what hook events mean', () => {
  it('maps Claude Code events to statuses and picks up its session id', () => {
    expect(interpretHook('claude-settings', event('claude', 'UserPromptSubmit', { session_id: 'a' }))).toEqual({ status: 'working', detail: null, agentSessionId: 'a' });
    expect(interpretHook('claude-settings', event('claude', 'Stop', {})).status).toBe('idle');
    expect(interpretHook('claude-settings', event('claude', 'PostToolUse', {})).status).toBe('working');
    expect(interpretHook('claude-settings', event('claude', 'SessionStart', { session_id: 'b' }))).toEqual({ status: null, detail: null, agentSessionId: 'b' });
  });

  it('tells a permission request from "waiting for your input" in Claude notifications', () => {
    const permission = interpretHook('claude-settings', event('claude', 'Notification', { message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' }));
    expect(permission).toMatchObject({ status: 'needs-input', detail: 'Claude needs your permission to use Bash' });
    expect(interpretHook('claude-settings', event('claude', 'Notification', { message: 'Claude is waiting for your input', notification_type: 'idle_prompt' })).status).toBeNull();
    // Older versions send no notification_type.
    expect(interpretHook('claude-settings', event('claude', 'Notification', { message: 'Claude needs your permission to use Write' })).status).toBe('needs-input');
    expect(interpretHook('claude-settings', event('claude', 'Notification', { message: 'Claude is waiting for your input' })).status).toBeNull();
  });

  it('maps a Codex turn end to idle and learns the thread id', () => {
    expect(interpretHook('codex-notify', event('codex', 'notify', { type: 'agent-turn-complete', 'thread-id': 't9' }))).toEqual({ status: 'idle', detail: null, agentSessionId: 't9' });
    expect(interpretHook('codex-notify', event('codex', 'notify', { type: 'something-new' })).status).toBeNull();
  });
});
