import { describe, expect, it } from 'vitest';
import { parseReadyLine } from '../../../../src/main/electron/decisions/ready-line.ts';

const line = (value: unknown): string => JSON.stringify(value);
const ready = { type: 'ready', baseUrl: 'http://127.0.0.1:4519', token: 'abc123', port: 4519 };

describe('parseReadyLine', () => {
  it('reads the endpoint from the ready line', () => {
    expect(parseReadyLine(line(ready))).toEqual({ baseUrl: 'http://127.0.0.1:4519', token: 'abc123', port: 4519 });
  });

  it('tolerates surrounding whitespace and a trailing slash on the URL', () => {
    expect(parseReadyLine(`  ${line({ ...ready, baseUrl: 'http://127.0.0.1:4519/' })}\r`)?.baseUrl).toBe(
      'http://127.0.0.1:4519',
    );
  });

  it.each([
    ['a log line', 'Agent Orchestrator listening on http://127.0.0.1:4519'],
    ['broken JSON', '{"type":"ready",'],
    ['another message type', line({ ...ready, type: 'log' })],
    ['an empty token', line({ ...ready, token: '' })],
    ['a missing port', line({ ...ready, port: undefined })],
    ['a port that disagrees with the URL', line({ ...ready, port: 4520 })],
    ['a non-loopback host', line({ ...ready, baseUrl: 'http://10.0.0.5:4519' })],
    ['a hostname that only starts like loopback', line({ ...ready, baseUrl: 'http://127.0.0.1.evil.example:4519' })],
    ['another scheme', line({ ...ready, baseUrl: 'https://127.0.0.1:4519' })],
    ['JSON that is not an object', '[1,2,3]'],
    ['null', 'null'],
  ])('ignores %s', (_name, text) => expect(parseReadyLine(text)).toBeNull());

  it('accepts the IPv6 loopback', () => {
    expect(parseReadyLine(line({ ...ready, baseUrl: 'http://[::1]:4519' }))?.baseUrl).toBe('http://[::1]:4519');
  });
});
