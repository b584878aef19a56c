import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServe } from '../../helpers/cli.ts';

const home = () => mkdtempSync(path.join(os.tmpdir(), 'ao-cli-home-'));

describe('agent-orchestrator CLI', () => {
  it('--help lists the commands', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('serve [--port N] [--host H --allow-remote] [--open]');
    expect(result.stdout).toContain('trust [--repo PATH] [--yes | --revoke] [--json]');
    expect(result.stdout).toContain('AGENT_ORCHESTRATOR_HOME');
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('an unknown command or a bad flag exits 2 with a clear message', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badPort = await runCli(['serve', '--port', 'abc'], { AGENT_ORCHESTRATOR_HOME: home() });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('--port must be a whole number');
    const badFlag = await runCli(['serve', '--nope'], { AGENT_ORCHESTRATOR_HOME: home() });
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--nope'/);
  });

  it('serve prints one Listening line with a loopback URL and a token, and stops on SIGTERM', async () => {
    const server = await startServe(['--port', '0'], { AGENT_ORCHESTRATOR_HOME: home() });
    try {
      expect(server.line).toMatch(/^Listening on http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{20,}$/);
      const url = new URL(server.line.replace('Listening on ', ''));
      const page = await fetch(url.origin + '/');
      // Serves the web UI when built, or says how to build it.
      expect([200, 404]).toContain(page.status);
      if (page.status === 200) expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('serve --ready-json prints machine-readable connection details', async () => {
    const server = await startServe(['--ready-json'], { AGENT_ORCHESTRATOR_HOME: home() });
    try {
      const ready = JSON.parse(server.line) as { type: string; baseUrl: string; token: string; port: number };
      expect(ready.type).toBe('ready');
      expect(ready.baseUrl).toBe(`http://127.0.0.1:${ready.port}`);
      expect(ready.token.length).toBeGreaterThan(20);
    } finally {
      await server.stop();
    }
  });
});
