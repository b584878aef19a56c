import { describe, expect, it } from 'vitest';
import { decideEngineSource, loopbackBaseUrl, parseEngineFile } from '../../../../src/main/electron/decisions/running-engine.ts';

const file = (value: unknown): string => JSON.stringify(value);

describe('engine.json', () => {
  it('reads the record the engine writes', () => {
    const record = {
      version: 1,
      baseUrl: 'http://127.0.0.1:4519',
      port: 4519,
      token: 'a'.repeat(32),
      pid: 42,
      appVersion: '0.1.0',
      owner: 'serve',
      startedAt: '2026-09-10T08:00:00.000Z',
    };
    expect(parseEngineFile(file(record))).toEqual({ endpoint: { baseUrl: 'http://127.0.0.1:4519', token: 'a'.repeat(32) }, pid: 42, version: '0.1.0' });
  });

  it('reads the endpoint as a URL or as an object, the token beside or inside it', () => {
    const expected = { endpoint: { baseUrl: 'http://127.0.0.1:4519', token: 't' }, pid: 42, version: '0.1.0' };
    expect(parseEngineFile(file({ endpoint: 'http://127.0.0.1:4519/', token: 't', pid: 42, version: '0.1.0' }))).toEqual(expected);
    expect(parseEngineFile(file({ endpoint: { baseUrl: 'http://127.0.0.1:4519', token: 't' }, pid: 42, version: '0.1.0' }))).toEqual(expected);
  });

  it('refuses anything that is not a loopback engine', () => {
    const good = { endpoint: 'http://127.0.0.1:4519', token: 't', pid: 42, version: '0.1.0' };
    expect(parseEngineFile('{"endpoint":')).toBeNull();
    expect(parseEngineFile('null')).toBeNull();
    expect(parseEngineFile(file({ ...good, endpoint: 'http://192.168.1.5:4519' }))).toBeNull();
    expect(parseEngineFile(file({ ...good, endpoint: 'https://127.0.0.1:4519' }))).toBeNull();
    expect(parseEngineFile(file({ ...good, token: '' }))).toBeNull();
    expect(parseEngineFile(file({ ...good, pid: -1 }))).toBeNull();
    expect(parseEngineFile(file({ ...good, version: 3 }))).toBeNull();
    expect(parseEngineFile(file({ ...good, padding: 'x'.repeat(20_000) }))).toBeNull();
    expect(loopbackBaseUrl('http://localhost:1')).toBe('http://localhost:1');
    expect(loopbackBaseUrl('http://127.0.0.1')).toBeNull();
  });
});

describe('attach or start', () => {
  const record = { endpoint: { baseUrl: 'http://127.0.0.1:4519', token: 't' }, pid: 42, version: '0.1.0' };

  it('attaches to a live engine of the same version that answers with its pid', () => {
    expect(decideEngineSource({ record, pidAlive: true, answeredPid: 42, appVersion: '0.1.0' })).toEqual({
      kind: 'attach',
      endpoint: record.endpoint,
      pid: 42,
    });
  });

  it('starts its own when nothing runs, the pid is gone, or the endpoint is someone else', () => {
    expect(decideEngineSource({ record: null, pidAlive: false, answeredPid: null, appVersion: '0.1.0' }).kind).toBe('spawn');
    expect(decideEngineSource({ record, pidAlive: false, answeredPid: null, appVersion: '0.1.0' }).kind).toBe('spawn');
    expect(decideEngineSource({ record, pidAlive: true, answeredPid: null, appVersion: '0.1.0' }).kind).toBe('spawn');
    expect(decideEngineSource({ record, pidAlive: true, answeredPid: 7, appVersion: '0.1.0' }).kind).toBe('spawn');
  });

  it('stops with a clear message on a version mismatch instead of starting a second engine', () => {
    const source = decideEngineSource({ record, pidAlive: true, answeredPid: 42, appVersion: '0.2.0' });
    expect(source.kind).toBe('conflict');
    if (source.kind === 'conflict') expect(source.message).toMatch(/version 0\.1\.0 \(process 42\).*version 0\.2\.0/);
  });
});
