import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingConsumer, bashInput, createOk, scriptInput } from './session-helpers.ts';
import { openService } from './service-fixture.ts';

describe('TerminalService errors are values', () => {
  it('a missing cwd is PATH_NOT_FOUND', async () => {
    const { service, cwd } = await openService();
    const missing = path.join(cwd, 'does-not-exist');
    expect(await service.create(bashInput(missing))).toEqual({ ok: false, error: { kind: 'PATH_NOT_FOUND', path: missing } });
  });

  it('a file as cwd is NOT_A_DIRECTORY', async () => {
    const { service, cwd } = await openService();
    const file = path.join(cwd, 'file.txt');
    writeFileSync(file, 'x');
    expect(await service.create(bashInput(file))).toEqual({ ok: false, error: { kind: 'NOT_A_DIRECTORY', path: file } });
  });

  it('an unknown command is COMMAND_NOT_FOUND, before anything is spawned', async () => {
    const { service, cwd } = await openService();
    expect(await service.create({ ...bashInput(cwd), command: 'no-such-command-ao-test' })).toEqual({
      ok: false,
      error: { kind: 'COMMAND_NOT_FOUND', command: 'no-such-command-ao-test' },
    });
    // A path that is not executable is not a command either.
    const script = path.join(cwd, 'not-executable.sh');
    writeFileSync(script, 'echo hi\n');
    expect(await service.create({ ...bashInput(cwd), command: './not-executable.sh', args: [] })).toMatchObject({
      ok: false,
      error: { kind: 'COMMAND_NOT_FOUND' },
    });
    expect(service.list()).toEqual([]);
  });

  it('runs a relative command path from the session folder', async () => {
    const { service, cwd } = await openService();
    writeFileSync(path.join(cwd, 'run.sh'), '#!/bin/sh\necho ran-relative\n', { mode: 0o755 });
    const info = await createOk(service, { ...bashInput(cwd), command: './run.sh', args: [] });
    expect(info.command).toBe(path.join(cwd, 'run.sh'));
    expect(info.title).toBe('run.sh');
  });

  it('an unknown session id is SESSION_NOT_FOUND everywhere', async () => {
    const { service } = await openService();
    const notFound = { ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: 'nope' } };
    expect(service.write('nope', 'x')).toEqual(notFound);
    expect(service.input('nope', new Uint8Array([1]))).toEqual(notFound);
    expect(service.resize('nope', 80, 24)).toEqual(notFound);
    expect(service.screen('nope')).toEqual(notFound);
    expect(service.attach('nope', new RecordingConsumer())).toEqual(notFound);
    expect(await service.kill('nope')).toEqual(notFound);
    expect(await service.remove('nope')).toEqual(notFound);
  });

  it('an invalid size is INVALID_INPUT', async () => {
    const { service, cwd } = await openService();
    expect(await service.create({ ...scriptInput(cwd, 'true'), cols: 0 })).toMatchObject({
      ok: false,
      error: { kind: 'INVALID_INPUT' },
    });
  });
});
