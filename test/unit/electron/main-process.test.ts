/**
 * The bundled main process, run under plain Node against a scripted fake `electron` module and a
 * fake engine: checks the composition root's wiring (what `main.ts` connects to what) on machines
 * that have no Electron binary. The Playwright `_electron` suite covers the real thing.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Report {
  exitCode: number | null;
  scenarioError?: string;
  errorBox?: { title: string; body: string };
  sandboxEnabled?: boolean;
  switches?: Record<string, string | undefined>;
  userData?: string;
  windows: Array<{ options: { show: boolean; webPreferences: Record<string, unknown> } }>;
  loadedFile?: string;
  shown?: boolean;
  menuLabels: string[];
  menuIds: string[];
  singleInstanceData?: unknown;
  trays: number;
  trayMenu?: string[];
  preloadEndpoint?: { baseUrl: string; token: string } | null;
  untrustedEndpoint?: unknown;
  storeTokenTrusted?: unknown;
  storeTokenUntrusted?: unknown;
  navigationPrevented?: boolean;
  windowOpenHttps?: { action: string };
  windowOpenFile?: { action: string };
  openedExternally: string[];
  permissionsGranted?: Record<string, boolean>;
  permissionCheckMedia?: boolean;
  cspHeader?: Record<string, string[]>;
  cspHeaderDevtools?: Record<string, string[]> | null;
  endpointAfterRestart?: { baseUrl: string; token: string };
  endpointAfterReload?: { baseUrl: string; token: string } | null;
  sent: Array<{ channel: string; payload: unknown }>;
}

let tmp: string;
let report: Report;
let engineStarts: Array<{ pid: number; argv: string[]; env: Record<string, string> }>;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Assemble a built app in `dir`: shell bundles, fake electron, renderer stub, and the fake engine if asked. */
async function assembleApp(dir: string, options: { engine: boolean }): Promise<string> {
  const app = path.join(dir, 'app');
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'build-electron.mjs'), '--out-dir', path.join(app, 'dist')], {
    cwd: repoRoot,
  });
  await mkdir(path.join(app, 'dist', 'renderer'), { recursive: true });
  await mkdir(path.join(app, 'node_modules', 'electron'), { recursive: true });
  await copyFile(path.join(fixtures, 'fake-electron.cjs'), path.join(app, 'node_modules', 'electron', 'index.js'));
  await writeFile(path.join(app, 'dist', 'renderer', 'index.html'), '<!doctype html><title>test</title>');
  if (options.engine) {
    await mkdir(path.join(app, 'dist', 'cli'), { recursive: true });
    await copyFile(path.join(fixtures, 'fake-engine.mjs'), path.join(app, 'dist', 'cli', 'index.mjs'));
  }
  return app;
}

/** Run the bundled main process to its end and return what the fake electron observed. */
async function runMain(dir: string, app: string, env: Record<string, string>): Promise<Report> {
  const reportFile = path.join(dir, 'report.json');
  // `electron <app dir> <folder>`: the folder, relative to the working directory, is a repository to open.
  await run(process.execPath, [path.join(app, 'dist', 'electron', 'main.cjs'), 'some-repo', '--enable-logging'], {
    cwd: dir,
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', HOME: dir, FAKE_ELECTRON_REPORT: reportFile, FAKE_ELECTRON_TMP: dir, ...env },
  }).catch((error: unknown) => {
    // A non-zero exit is a result too (e.g. the missing-build case); the report says why.
    if (!(error as { code?: unknown }).code) throw error;
  });
  return JSON.parse(await readFile(reportFile, 'utf8')) as Report;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ao-main-process-'));
  const engineState = path.join(tmp, 'engine-state');
  await mkdir(engineState);
  const app = await assembleApp(tmp, { engine: true });
  report = await runMain(tmp, app, {
    AGENT_ORCHESTRATOR_HOME: path.join(tmp, 'ao-home'),
    NODE_OPTIONS: '--no-warnings',
    npm_config_prefix: '/usr/local',
    FAKE_ENGINE_STATE: engineState,
    FAKE_ENGINE_PLAN: JSON.stringify(['ready']),
  });
  const startFiles = (await readFile(path.join(engineState, 'starts'), 'utf8')).trim().split('\n');
  engineStarts = await Promise.all(
    startFiles.map(async (_pid, index) =>
      JSON.parse(await readFile(path.join(engineState, `start-${index + 1}.json`), 'utf8')),
    ),
  );
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('main process (bundled, on a fake electron)', () => {
  it('runs the whole scenario and quits cleanly', () => {
    expect(report.scenarioError).toBeUndefined();
    expect(report.errorBox).toBeUndefined();
    expect(report.exitCode).toBe(0);
  });

  it('sandboxes every renderer and keeps Electron data under AGENT_ORCHESTRATOR_HOME', () => {
    expect(report.sandboxEnabled).toBe(true);
    expect(report.userData).toBe(path.join(tmp, 'ao-home', 'desktop'));
  });

  it('caps the young generation of the window’s renderer, as bench/footprint measured it', () => {
    expect(report.switches?.['js-flags']).toBe('--max-semi-space-size=2');
  });

  it('starts the engine with the serve arguments and a sanitized environment', () => {
    const first = engineStarts[0];
    expect(first?.argv).toEqual(['serve', '--port', '0', '--host', '127.0.0.1', '--allow-origin', 'file://', '--ready-json', '--exit-with-stdin']);
    expect(first?.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(first?.env.AGENT_ORCHESTRATOR_HOME).toBe(path.join(tmp, 'ao-home'));
    expect(first?.env).not.toHaveProperty('NODE_OPTIONS');
    expect(first?.env).not.toHaveProperty('npm_config_prefix');
  });

  it('opens one hardened window on the renderer and shows it', () => {
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(report.windows[0]?.options.webPreferences.preload).toMatch(/dist[\\/]preload[\\/]index\.cjs$/);
    expect(report.loadedFile).toMatch(/dist[\\/]renderer[\\/]index\.html$/);
    expect(report.shown).toBe(true);
    expect(report.menuLabels).toEqual(expect.arrayContaining(['&File', 'editMenu', '&View']));
    expect(report.menuIds).toEqual(expect.arrayContaining(['open-repository', 'open-recent', 'keep-agents-running']));
  });

  it('takes the single-instance lock with the folders of its own command line, and keeps a tray', () => {
    expect(report.singleInstanceData).toEqual({ folders: [path.join(tmp, 'some-repo')] });
    expect(report.trays).toBe(1);
    expect(report.trayMenu).toEqual(expect.arrayContaining(['Show Agent Orchestrator', 'Open Repository…', 'Quit']));
  });

  it('gives the endpoint to our page only', () => {
    expect(report.preloadEndpoint).toEqual({ baseUrl: 'http://127.0.0.1:5001', token: 'token-1' });
    expect(report.untrustedEndpoint).toBeNull();
  });

  it('keeps a GitHub token for our page only, and never without a real keyring', () => {
    // Linux with the basic_text backend: refused with the reason, nothing written in the clear.
    expect(report.storeTokenTrusted).toEqual({ ok: false, reason: expect.stringContaining('no keyring is running') });
    expect(report.storeTokenUntrusted).toEqual({ ok: false, reason: 'refused' });
  });

  it('blocks navigation and new windows, sending only web links to the browser', () => {
    expect(report.navigationPrevented).toBe(true);
    expect(report.windowOpenHttps).toEqual({ action: 'deny' });
    expect(report.windowOpenFile).toEqual({ action: 'deny' });
    expect(report.openedExternally).toEqual(['https://example.com/docs']);
  });

  it('denies permissions except clipboard writes and sets the CSP header on our files only', () => {
    expect(report.permissionsGranted).toEqual({
      'clipboard-sanitized-write': true,
      media: false,
      notifications: false,
    });
    expect(report.permissionCheckMedia).toBe(false);
    expect(report.cspHeader?.['X-Test']).toEqual(['1']);
    expect(report.cspHeader?.['Content-Security-Policy']?.[0]).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(report.cspHeaderDevtools).toBeNull();
  });

  it('restarts a crashed engine, tells the window, and serves the new endpoint on reload', () => {
    expect(report.endpointAfterRestart).toEqual({ baseUrl: 'http://127.0.0.1:5002', token: 'token-2' });
    expect(report.endpointAfterReload).toEqual(report.endpointAfterRestart);
  });

  it('leaves no engine running after quit', () => {
    expect(engineStarts).toHaveLength(2);
    for (const start of engineStarts) expect(isAlive(start.pid), `engine ${start.pid}`).toBe(false);
  });
});

describe('main process with an incomplete build', () => {
  it('says to run the build and exits, without retrying a missing engine', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ao-main-unbuilt-'));
    try {
      const app = await assembleApp(dir, { engine: false });
      const started = Date.now();
      const result = await runMain(dir, app, { AGENT_ORCHESTRATOR_HOME: path.join(dir, 'ao-home') });
      expect(result.exitCode).toBe(1);
      expect(result.errorBox?.body).toMatch(/dist[\\/]cli[\\/]index\.mjs: run `npm run build` first/);
      expect(result.windows).toHaveLength(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
