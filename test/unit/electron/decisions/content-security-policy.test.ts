import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../../../src/main/electron/decisions/content-security-policy.ts';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  const policy = directives(buildContentSecurityPolicy());

  it('denies by default and allows scripts only from the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  it('never allows inline scripts or eval', () => {
    const all = [...policy.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('lets the page reach the loopback engine on any port (the port changes on restart)', () => {
    expect(policy.get('connect-src')).toEqual(expect.arrayContaining(['http://127.0.0.1:*', 'ws://127.0.0.1:*']));
    expect(policy.get('connect-src')?.some((source) => source.includes('*.') || source === '*')).toBe(false);
  });

  it('uses the given engine hosts', () => {
    const custom = directives(buildContentSecurityPolicy(['[::1]']));
    expect(custom.get('connect-src')).toEqual(["'self'", 'http://[::1]:*', 'ws://[::1]:*']);
  });
});
