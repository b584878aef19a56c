import { describe, expect, it } from 'vitest';
import {
  attachRecorder,
  bashInput,
  createOk,
  PROMPT,
  screenLines,
  scriptInput,
  waitFor,
  waitForLine,
  waitForPrompt,
} from './session-helpers.ts';
import { openService } from './service-fixture.ts';

describe('TerminalService with a real bash', () => {
  it('runs an interactive shell: type a command, read it back from the screen and a consumer', async () => {
    const { service, cwd } = await openService();
    const info = await createOk(service, bashInput(cwd));
    expect(info).toMatchObject({ status: 'running', kind: 'command', cwd, cols: 80, rows: 24, exitCode: null });
    expect(service.list().map((session) => session.id)).toEqual([info.id]);

    await waitForPrompt(service, info.id);
    const consumer = attachRecorder(service, info.id);
    await waitFor(() => consumer.snapshot !== null, 'the snapshot');
    expect(consumer.snapshot).toContain(PROMPT.trimEnd());

    expect(service.write(info.id, 'echo hello\r')).toEqual({ ok: true, value: null });
    const lines = await waitForLine(service, info.id, (line) => line === 'hello', 'hello on the screen');
    expect(lines).toContain(`${PROMPT}echo hello`);
    await waitFor(() => consumer.text().includes('hello\r\n'), 'hello at the consumer');

    // The shell really runs in the session's folder.
    service.input(info.id, new TextEncoder().encode('pwd\r'));
    await waitForLine(service, info.id, (line) => line === cwd, 'pwd output');
  });

  it('starts the user shell when no command is given', async () => {
    const { service, cwd } = await openService();
    const info = await createOk(service, { cwd, env: { PS1: PROMPT, HISTFILE: '/dev/null' }, cols: 80, rows: 24 });
    expect(info.kind).toBe('shell');
    expect(info.command.startsWith('/')).toBe(true);
    service.write(info.id, 'echo $TERM $COLORTERM\r');
    await waitForLine(service, info.id, (line) => line === 'xterm-256color truecolor', 'TERM and COLORTERM');
  });

  it('passes environment and arguments without a shell in between', async () => {
    const { service, cwd } = await openService();
    const info = await createOk(service, {
      cwd,
      command: 'printf',
      args: ['%s|%s\\n', 'a b; $(echo no)', '$GREETING'],
      env: { GREETING: 'unused' },
      cols: 80,
      rows: 24,
    });
    await waitForLine(service, info.id, (line) => line === 'a b; $(echo no)|$GREETING', 'the literal arguments');
  });

  it('reports the exit code only after every line of output', async () => {
    const { service, cwd } = await openService();
    // The script waits for a line first, so every line arrives as data after the snapshot (the
    // mirror's history is shorter than 2,000 lines: a late attach would miss the first ones).
    const info = await createOk(service, scriptInput(cwd, 'read start; for i in $(seq 1 2000); do echo line$i; done; exit 3'));
    const consumer = attachRecorder(service, info.id);
    await waitFor(() => consumer.events[0]?.type === 'snapshot', 'the snapshot');
    service.input(info.id, '\r');
    expect(await consumer.waitForExit()).toBe(3);

    // Snapshot (whatever ran before the attach) + data, replayed like a client would.
    const all = `${consumer.snapshot ?? ''}${consumer.text()}`;
    const numbers = [...all.matchAll(/line(\d+)/g)].map((match) => Number(match[1]));
    expect(numbers).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(consumer.events.at(-1)).toEqual({ type: 'exit', code: 3 });
    expect(consumer.events.filter((event) => event.type === 'exit')).toHaveLength(1);

    const [session] = service.list();
    expect(session).toMatchObject({ status: 'exited', exitCode: 3 });
    expect(session?.exitedAt).not.toBeNull();
    expect(screenLines(service, info.id)).toContain('line2000');
    expect(service.write(info.id, 'x')).toEqual({ ok: false, error: { kind: 'SESSION_EXITED', sessionId: info.id } });
    expect(service.resize(info.id, 100, 30)).toEqual({ ok: false, error: { kind: 'SESSION_EXITED', sessionId: info.id } });
  });

  it('a consumer attaching after the exit gets the last screen, then the exit code', async () => {
    const { service, cwd } = await openService();
    const info = await createOk(service, scriptInput(cwd, 'echo finished-marker; exit 7'));
    const first = attachRecorder(service, info.id);
    await first.waitForExit();
    const late = attachRecorder(service, info.id);
    expect(await late.waitForExit()).toBe(7);
    expect(late.events.map((event) => event.type)).toEqual(['snapshot', 'exit']);
    expect(late.snapshot).toContain('finished-marker');
  });

  it('kill resolves after the exit is reported; remove forgets the session', async () => {
    const { service, cwd } = await openService();
    const changes: number[] = [];
    service.onDidChange(() => changes.push(service.list().length));
    const info = await createOk(service, bashInput(cwd));
    await waitForPrompt(service, info.id);
    const consumer = attachRecorder(service, info.id);

    expect(await service.kill(info.id)).toEqual({ ok: true, value: null });
    expect(service.list()[0]).toMatchObject({ status: 'exited', exitCode: 129 });
    expect(consumer.exitCode).toBe(129);
    expect(await service.kill(info.id)).toEqual({ ok: true, value: null });

    expect(await service.remove(info.id)).toEqual({ ok: true, value: null });
    expect(service.list()).toEqual([]);
    expect(service.screen(info.id)).toEqual({ ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: info.id } });
    expect(changes.length).toBeGreaterThanOrEqual(3);
    expect(changes.at(-1)).toBe(0);
  });

  it('remove kills a running session first', async () => {
    const { service, cwd } = await openService();
    const info = await createOk(service, scriptInput(cwd, 'sleep 30'));
    const consumer = attachRecorder(service, info.id);
    expect(await service.remove(info.id)).toEqual({ ok: true, value: null });
    expect(consumer.exitCode).toBe(129);
    expect(service.list()).toEqual([]);
  });

  it('resizes the PTY and the mirror', async () => {
    const { service, cwd } = await openService();
    const info = await createOk(service, bashInput(cwd));
    await waitForPrompt(service, info.id);
    expect(service.resize(info.id, 100, 30)).toEqual({ ok: true, value: null });
    service.write(info.id, 'stty size\r');
    const lines = await waitForLine(service, info.id, (line) => line === '30 100', 'stty size');
    expect(lines).toHaveLength(30);
    expect(service.list()[0]).toMatchObject({ cols: 100, rows: 30 });
    expect(service.resize(info.id, 1, 30)).toMatchObject({ ok: false, error: { kind: 'INVALID_INPUT' } });
  });

  it('allows several sessions in the same folder', async () => {
    const { service, cwd } = await openService();
    const a = await createOk(service, bashInput(cwd));
    const b = await createOk(service, bashInput(cwd));
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[a-z0-9]{12}$/);
    expect(service.list()).toHaveLength(2);
    await waitForPrompt(service, a.id);
    await waitForPrompt(service, b.id);
    service.write(a.id, 'echo only-in-a\r');
    await waitForLine(service, a.id, (line) => line === 'only-in-a', 'output in a');
    expect(screenLines(service, b.id)).not.toContain('only-in-a');
  });

  it('keeps multi-byte characters intact through batching', async () => {
    const { service, cwd } = await openService();
    const text = 'héllo wörld — 日本語 😀 ';
    const info = await createOk(service, scriptInput(cwd, `for i in $(seq 1 300); do printf '%s' '${text}'; done; echo`));
    const consumer = attachRecorder(service, info.id);
    await consumer.waitForExit();
    // RecordingConsumer.text decodes every frame with fatal: true, so a split character throws.
    expect(`${consumer.snapshot ?? ''}${consumer.text()}`.split(text).length).toBeGreaterThan(1);
    expect(consumer.text().replace(/\r?\n/g, '')).not.toContain('\uFFFD');
  });
});
