import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLogTail, failingStepFromLog, MASK, maskSecrets, stripTerminalCodes } from '../../../src/main/engine/ci/log-clean.ts';

describe('log cleaning', () => {
  it('strips ANSI colours, OSC links, cursor moves and control characters; \\r\\n and \\r become newlines', () => {
    const raw = '\x1b[31mFAIL\x1b[0m src/a.test.ts\r\n\x1b]8;;https://x\x07link\x1b]8;;\x07 \x1b[2K\x1b[1Gdone\x07\x00\rnext';
    expect(stripTerminalCodes(raw)).toBe('FAIL src/a.test.ts\nlink done\nnext');
  });

  it('masks tokens, auth headers, URL credentials, secret assignments and private keys, and keeps test output readable', () => {
    const text = [
      'token ghp_abcdefghijklmnopqrstuvwxyz0123456789 used',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'Authorization: Bearer abc.def.ghi',
      'cloning https://x-access-token:s3cr3tvalue@github.com/a/b.git',
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'export DB_PASSWORD="hunter22"',
      'client_secret: abcdef123',
      'key AKIAIOSFODNN7EXAMPLE',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
      'Tests PASSED: 12, tokens: 5, author: me',
    ].join('\n');
    const masked = maskSecrets(text);
    for (const secret of ['ghp_abcdef', 'github_pat_11', 'abc.def.ghi', 's3cr3tvalue', 'wJalrXUtnFEMI', 'hunter22', 'abcdef123', 'AKIAIOSFODNN7EXAMPLE', 'MIIEow']) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toContain(`DB_PASSWORD="${MASK}"`);
    expect(masked).toContain('Tests PASSED: 12, tokens: 5, author: me');
    expect(masked).toContain('https://x-access-token:***@github.com/a/b.git');
  });

  it('masks the exact token in use wherever it appears', () => {
    expect(maskSecrets('echo plainTokenValue42 | tool', ['plainTokenValue42'])).toBe(`echo ${MASK} | tool`);
  });

  it('keeps a bounded tail without Actions time stamps or trailing blank lines', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `2026-08-01T10:00:${String(i % 60).padStart(2, '0')}.1234567Z line ${i}`);
    const tail = cleanLogTail(`${lines.join('\n')}\n\n\n`, { lines: 5 });
    expect(tail.split('\n')).toEqual(['line 95', 'line 96', 'line 97', 'line 98', 'line 99']);
    expect(cleanLogTail('x'.repeat(10_000), { chars: 100 }).length).toBeLessThanOrEqual(401);
    expect(cleanLogTail(Array.from({ length: 50 }, () => 'y'.repeat(300)).join('\n'), { chars: 1000 })).toMatch(/^…/);
  });

  it('drops Actions workflow-command markers but keeps their text', () => {
    expect(cleanLogTail('##[group]Run npm test\nnpm test\n##[endgroup]\n##[error]Process completed with exit code 1.')).toBe(
      'Run npm test\nnpm test\nError: Process completed with exit code 1.',
    );
  });

  it('names the failing step of an Actions log', () => {
    const log = '2026-01-01T00:00:00Z ##[group]Run actions/checkout@v4\n##[endgroup]\n##[group]Run npm test\n  npm test\n##[endgroup]\nFAIL\n##[error]Process completed with exit code 1.\n';
    expect(failingStepFromLog(log)).toBe('Run npm test');
    expect(failingStepFromLog('no markers')).toBeNull();
  });

  it('never leaves an escape or control character, and never the known secret (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ minLength: 8, maxLength: 20, unit: fc.constantFrom(...'abcdefghXYZ0123456789') }), (noise, secret) => {
        const out = cleanLogTail(`${noise}${secret}${noise}`, { known: [secret] });
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
        expect(out).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});
