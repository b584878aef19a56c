import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SESSION_STATE_VERSION } from '../../../src/main/engine/terminals/session-state.ts';
import {
  attachRecorder,
  bashInput,
  createOk,
  screenLines,
  scriptInput,
  waitForLine,
  waitForPrompt,
} from './session-helpers.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { closeService, openService } from './service-fixture.ts';

describe('sessions across engine restarts', () => {
  it('dispose saves running sessions; the next engine lists them exited with their last screen', async () => {
    const first = await openService();
    const shell = await createOk(first.service, bashInput(first.cwd));
    await waitForPrompt(first.service, shell.id);
    first.service.write(shell.id, 'echo saved-screen-marker\r');
    await waitForLine(first.service, shell.id, (line) => line === 'saved-screen-marker', 'the marker');
    const done = await createOk(first.service, scriptInput(first.cwd, 'echo finished-before; exit 5'));
    await attachRecorder(first.service, done.id).waitForExit();

    await closeService(first.service);
    // The running session was saved as running: only the next load can say it ended.
    const saved = JSON.parse(readFileSync(path.join(first.home, 'sessions.json'), 'utf8')) as {
      version: number;
      data: { sessions: Array<{ id: string; status: string }> };
    };
    expect(saved.version).toBe(SESSION_STATE_VERSION);
    expect(saved.data.sessions.map((session) => [session.id, session.status])).toEqual([
      [shell.id, 'running'],
      [done.id, 'exited'],
    ]);
    expect(existsSync(path.join(first.home, 'screens', `${shell.id}.txt`))).toBe(true);
    expect(existsSync(path.join(first.home, 'screens', `${done.id}.txt`))).toBe(true);

    const second = await openService(first.home);
    const [restoredShell, restoredDone] = second.service.list();
    expect(restoredShell).toMatchObject({ id: shell.id, status: 'exited', exitCode: null, cwd: first.cwd });
    expect(restoredShell?.exitedAt).not.toBeNull();
    expect(restoredDone).toMatchObject({ id: done.id, status: 'exited', exitCode: 5 });

    expect(screenLines(second.service, shell.id)).toContain('saved-screen-marker');
    const consumer = attachRecorder(second.service, shell.id);
    expect(await consumer.waitForExit()).toBe(-1);
    expect(consumer.snapshot).toContain('saved-screen-marker');
    expect(consumer.events.map((event) => event.type)).toEqual(['snapshot', 'exit']);

    const finished = attachRecorder(second.service, done.id);
    expect(await finished.waitForExit()).toBe(5);
    expect(finished.snapshot).toContain('finished-before');

    expect(second.service.write(shell.id, 'x')).toMatchObject({ ok: false, error: { kind: 'SESSION_EXITED' } });
    // Marking them exited was written back, so a third start does not re-date it.
    const third = JSON.parse(readFileSync(path.join(first.home, 'sessions.json'), 'utf8')) as {
      data: { sessions: Array<{ status: string }> };
    };
    expect(third.data.sessions.every((session) => session.status === 'exited')).toBe(true);

    expect(await second.service.remove(shell.id)).toEqual({ ok: true, value: null });
    expect(existsSync(path.join(first.home, 'screens', `${shell.id}.txt`))).toBe(false);
    expect(second.service.list().map((session) => session.id)).toEqual([done.id]);
  });

  it('drops damaged entries and ids that could escape the screens folder, keeps the rest', async () => {
    const home = makeTempDir('ao-home-');
    const good = {
      id: 'abcdef123456',
      repoId: null,
      cwd: '/tmp',
      command: '/bin/bash',
      args: [],
      kind: 'shell',
      title: 'bash',
      cols: 80,
      rows: 24,
      status: 'exited',
      exitCode: 0,
      createdAt: new Date().toISOString(),
      exitedAt: new Date().toISOString(),
    };
    writeFileSync(
      path.join(home, 'sessions.json'),
      JSON.stringify({ version: SESSION_STATE_VERSION, data: { sessions: [good, { id: 'broken' }, { ...good, id: '../../etc' }] } }),
    );
    const { service } = await openService(home);
    expect(service.list().map((session) => session.id)).toEqual(['abcdef123456']);
    expect(screenLines(service, 'abcdef123456')).toHaveLength(24);
  });

  it('a corrupt sessions.json is moved aside and the engine starts empty', async () => {
    const home = makeTempDir('ao-home-');
    writeFileSync(path.join(home, 'sessions.json'), '{ not json');
    const { service } = await openService(home);
    expect(service.list()).toEqual([]);
    expect(readdirSync(home).some((name) => name.startsWith('sessions.json.corrupt-'))).toBe(true);
  });
});
