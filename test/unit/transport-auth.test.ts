import { describe, expect, it } from 'vitest';
import { isAllowedHost, isAllowedOrigin, newToken, tokenMatches } from '../../src/main/transport/auth.ts';

describe('isAllowedHost', () => {
  it('accepts loopback names on our port only', () => {
    expect(isAllowedHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHost('localhost:4000', 4000)).toBe(true);
    expect(isAllowedHost('[::1]:4000', 4000)).toBe(true);
    expect(isAllowedHost('LOCALHOST:4000', 4000)).toBe(true);
    expect(isAllowedHost('127.0.0.1:4001', 4000)).toBe(false);
    expect(isAllowedHost('127.0.0.1', 4000)).toBe(false);
    expect(isAllowedHost('evil.example:4000', 4000)).toBe(false);
    expect(isAllowedHost(undefined, 4000)).toBe(false);
  });
  it('accepts an explicitly bound name', () => {
    expect(isAllowedHost('192.168.1.5:4000', 4000, ['192.168.1.5'])).toBe(true);
    expect(isAllowedHost('192.168.1.6:4000', 4000, ['192.168.1.5'])).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it('accepts no Origin (non-browser clients) and our own page', () => {
    expect(isAllowedOrigin(undefined, 4000)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedOrigin('http://localhost:4000', 4000)).toBe(true);
  });
  it('rejects other sites, other ports, https look-alikes and garbage', () => {
    expect(isAllowedOrigin('https://evil.example', 4000)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:4001', 4000)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1.evil.example:4000', 4000)).toBe(false);
    expect(isAllowedOrigin('null', 4000)).toBe(false);
    expect(isAllowedOrigin('file://', 4000)).toBe(false);
  });
  it('accepts an origin the shell allows', () => {
    expect(isAllowedOrigin('file://', 4000, ['file://'])).toBe(true);
  });
});

describe('tokens', () => {
  it('are random and compared exactly', () => {
    const a = newToken();
    expect(a).not.toBe(newToken());
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(tokenMatches(a, a)).toBe(true);
    expect(tokenMatches(a.slice(1), a)).toBe(false);
    expect(tokenMatches(null, a)).toBe(false);
    expect(tokenMatches('', a)).toBe(false);
  });
});
