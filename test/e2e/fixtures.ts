/**
 * Fixtures for the web UI's end-to-end tests.
 *
 * - `server`: a real `agent-orchestrator serve --port 0` with its own temporary data directory,
 *   stopped (and its shells with it) after the test.
 * - `repo`: a temporary git repository with one commit and a linked worktree on a branch.
 * - `ui`: helpers that drive the page the way a person would and read terminal text through the
 *   renderer's `window.__aoDebug` hook (with WebGL the text is on a canvas, not in the DOM).
 */
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import { PLAIN_SHELL } from '../helpers/plain-shell.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** How long `serve` may take to print its URL (tsx compiles the engine on first start). */
const SERVER_START_TIMEOUT_MS = 30_000;
/** SIGTERM lets the engine kill its shells and save state; SIGKILL only if it hangs. */
const SERVER_STOP_TIMEOUT_MS = 5_000;

export interface ServerFixture {
  /** `http://127.0.0.1:PORT/#token=…`, exactly as printed. */
  url: string;
  home: string;
  /** Everything the server wrote, for failure messages. */
  output(): string;
}

/** A server that can be stopped and started again on the same port with the same token. */
export interface RestartableServerFixture extends ServerFixture {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface RepoFixture {
  /** Main working tree (`…/main-repo`, branch `main`). */
  main: string;
  /** Linked worktree (`…/feature-wt`, branch `feature/e2e`). */
  worktree: string;
}

export interface UiFixture {
  /** Open a server's URL and wait until the app is connected to it. */
  open(url: string): Promise<void>;
  addRepository(path: string): Promise<void>;
  openShell(worktreeFolder: string): Promise<void>;
  /**
   * Open a shell in a worktree and wait for its prompt: the new pane (whichever position it
   * took) and its session id. Typed text then reaches the shell, not bash's startup.
   */
  openShellAtPrompt(worktreeFolder: string): Promise<{ pane: Locator; session: string }>;
  /** The pane at 1-based position `n`. */
  pane(n: number): Locator;
  sessionIdOf(pane: Locator): Promise<string>;
  /** Text of a session's terminal (scrollback + screen). */
  screenText(sessionId: string): Promise<string>;
  /** Wait for the shell's prompt, so typed text is not eaten by bash's startup. */
  waitForPrompt(sessionId: string): Promise<void>;
  /** Click into a pane's terminal and type a command line. */
  typeInto(pane: Locator, line: string): Promise<void>;
  /**
   * Every agent status a session's pane has shown since the page loaded, in order (repeats
   * folded). A test checks that a short-lived status ("working" for a fast agent) was shown by
   * polling this, instead of racing to catch it on screen on a loaded machine.
   */
  statusesShown(sessionId: string): Promise<string[]>;
  /** The same as `status:source@ms` (what set each one and when), for a failure's message. */
  statusSources(sessionId: string): Promise<string[]>;
}

/**
 * Installed before the app loads: a MutationObserver that appends each agent-status element's
 * `data-status` to a per-session list whenever it changes (React commits each change in its own
 * task, so none is folded away).
 */
function recordStatuses(): void {
  const shown: Record<string, string[]> = {};
  // The same with what set each status and when (ms since page load), for a failure's message.
  const shownSources: Record<string, string[]> = {};
  Object.assign(window, { __statusesShown: shown, __statusSources: shownSources });
  const record = (): void => {
    for (const element of document.querySelectorAll('[data-testid="agent-status"]')) {
      const session = element.closest('[data-session-id]')?.getAttribute('data-session-id');
      const status = element.getAttribute('data-status');
      if (!session || !status) continue;
      const list = (shown[session] ??= []);
      const sources = (shownSources[session] ??= []);
      if (list.at(-1) !== status) {
        list.push(status);
        sources.push(`${status}:${element.getAttribute('data-source') ?? '?'}@${Math.round(performance.now())}`);
      }
    }
  };
  new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
}

type ServeProcess = ChildProcessByStdio<null, Readable, Readable>;

const STATIC_DIR = path.join(ROOT, 'dist/renderer');

function requireBuiltUi(): void {
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npx vite build` before the e2e tests.');
  }
}

export const test = base.extend<{
  server: ServerFixture;
  restartableServer: RestartableServerFixture;
  repo: RepoFixture;
  ui: UiFixture;
}>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  server: async ({}, use) => {
    requireBuiltUi();
    const home = mkdtempSync(path.join(tmpdir(), 'ao-e2e-home-'));
    const child = spawn(process.execPath, ['bin/agent-orchestrator', 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, AGENT_ORCHESTRATOR_HOME: home, ...isolatedEnv(home) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await waitForListening(child, () => output);
      await use({ url, home, output: () => output });
    } finally {
      await stop(child);
      rmSync(home, { recursive: true, force: true });
    }
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  restartableServer: async ({}, use) => {
    requireBuiltUi();
    const home = mkdtempSync(path.join(tmpdir(), 'ao-e2e-home-'));
    let child: ServeProcess | null = null;
    let output = '';
    let url = '';
    const start = async (): Promise<void> => {
      // The real `serve`: a restart keeps the port and token (web.json), so the open tab's URL
      // still works — which is what the reconnect test relies on.
      const process_ = spawn(process.execPath, ['bin/agent-orchestrator', 'serve'], {
        cwd: ROOT,
        env: { ...process.env, AGENT_ORCHESTRATOR_HOME: home, ...isolatedEnv(home) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = process_;
      const before = output.length;
      process_.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      process_.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const printed = await waitForListening(process_, () => output.slice(before));
      if (url !== '' && printed !== url) throw new Error(`serve changed its address on restart: ${url} → ${printed}`);
      url = printed;
    };
    await start();
    const fixture: RestartableServerFixture = {
      get url() {
        return url;
      },
      home,
      output: () => output,
      start,
      stop: async () => {
        if (child) await stop(child);
        child = null;
      },
    };
    try {
      await use(fixture);
    } finally {
      await fixture.stop();
      rmSync(home, { recursive: true, force: true });
    }
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
  repo: async ({}, use) => {
    // realpath: git reports worktree paths resolved, and the UI shows git's paths.
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ao-e2e-repo-')));
    const main = path.join(root, 'main-repo');
    const worktree = path.join(root, 'feature-wt');
    const git = (cwd: string, ...args: string[]): void => {
      execFileSync('git', args, { cwd, stdio: 'pipe' });
    };
    git(root, 'init', '-q', '-b', 'main', main);
    git(main, 'config', 'user.name', 'E2E Test');
    git(main, 'config', 'user.email', 'e2e@example.invalid');
    git(main, 'config', 'commit.gpgsign', 'false');
    git(main, 'commit', '-q', '--allow-empty', '-m', 'initial commit');
    git(main, 'worktree', 'add', '-q', '-b', 'feature/e2e', worktree);
    try {
      await use({ main, worktree });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },

  ui: async ({ page }, use) => {
    await page.addInitScript(recordStatuses);
    const ui: UiFixture = {
      async open(url) {
        await page.goto(url);
        await expect(page.getByLabel('Add repository')).toBeVisible();
        await expect(page.locator('.status-dot--connected')).toBeVisible();
      },
      async addRepository(repoPath) {
        await page.getByLabel('Add repository').fill(repoPath);
        await page.getByRole('button', { name: 'Add', exact: true }).click();
      },
      async openShell(worktreeFolder) {
        await page.getByRole('button', { name: `Open shell in ${worktreeFolder}`, exact: true }).click();
      },
      async openShellAtPrompt(worktreeFolder) {
        const panes = page.getByTestId('terminal-pane');
        const sessionsOf = (): Promise<string[]> =>
          panes.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-session-id') ?? ''));
        const before = new Set(await sessionsOf());
        await ui.openShell(worktreeFolder);
        let session = '';
        await expect
          .poll(async () => (session = (await sessionsOf()).find((id) => id !== '' && !before.has(id)) ?? ''), {
            message: `a new pane for ${worktreeFolder}`,
          })
          .not.toBe('');
        await ui.waitForPrompt(session);
        return { pane: page.locator(`[data-testid="terminal-pane"][data-session-id="${session}"]`), session };
      },
      pane(n) {
        return page.locator(`[data-testid="terminal-pane"][aria-label="Terminal ${n}"]`);
      },
      async sessionIdOf(pane) {
        const id = await pane.getAttribute('data-session-id');
        if (!id) throw new Error('pane has no data-session-id');
        return id;
      },
      screenText: (sessionId) => screenText(page, sessionId),
      async waitForPrompt(sessionId) {
        // Any prompt ends in $, # or > (plus a space); the user's PS1 is otherwise unknown.
        await expect.poll(() => screenText(page, sessionId), { timeout: 20_000 }).toMatch(/[$#>%]\s*$/);
      },
      async typeInto(pane, line) {
        await pane.locator('.pane__terminal').click();
        await page.keyboard.type(line);
        await page.keyboard.press('Enter');
      },
      statusesShown: (sessionId) =>
        page.evaluate((id) => [...((window as unknown as { __statusesShown: Record<string, string[]> }).__statusesShown[id] ?? [])], sessionId),
      statusSources: (sessionId) =>
        page.evaluate((id) => [...((window as unknown as { __statusSources: Record<string, string[]> }).__statusSources[id] ?? [])], sessionId),
    };
    await use(ui);
  },
});

export { expect };

/**
 * Choose `value` in one of the app's selects (Radix Select: a `combobox` button that opens a
 * `listbox`), the way a person does: open it, click the entry. Fails when the entry is disabled.
 */
export async function choose(page: Page, trigger: Locator, value: string): Promise<void> {
  await expect(trigger).toBeEnabled();
  await trigger.click();
  const option = page.locator(`[role="option"][data-value="${value}"]`);
  await expect(option).toBeVisible();
  await expect(option).not.toHaveAttribute('aria-disabled', 'true');
  await option.click();
  await expect(trigger).toHaveAttribute('data-value', value);
}

/** "Start agent" on a worktree row: choose the agent, type the task, start; the dialog closes. */
export async function startAgent(page: Page, worktreeFolder: string, agent: string, task: string): Promise<void> {
  await page.getByRole('button', { name: `Start agent in ${worktreeFolder}`, exact: true }).click();
  const dialog = page.getByTestId('launch-agent-dialog');
  await expect(dialog).toBeVisible();
  // Profiles load from the engine; the fake agents are on PATH, so they can be chosen.
  await choose(page, dialog.getByRole('combobox', { name: 'Agent', exact: true }), agent);
  await dialog.getByLabel('Task').fill(task);
  await dialog.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(dialog).toBeHidden();
}

async function screenText(page: Page, sessionId: string): Promise<string> {
  return page.evaluate((id) => {
    const hook = (window as unknown as { __aoDebug?: { screenText(id: string): string | null } }).__aoDebug;
    return hook?.screenText(id) ?? '';
  }, sessionId);
}

function waitForListening(child: ServeProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`serve did not print its URL within ${SERVER_START_TIMEOUT_MS} ms:\n${output()}`)),
      SERVER_START_TIMEOUT_MS,
    );
    const onData = (): void => {
      const match = /Listening on (http:\/\/\S+#token=\S+)/.exec(output());
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`serve exited (code ${code}) before listening:\n${output()}`));
    function fail(error: Error): void {
      cleanup();
      reject(error);
    }
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout.on('data', onData);
    child.on('exit', onExit);
    onData();
  });
}

async function stop(child: ServeProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Point the engine's usage readers at empty folders inside the test's home, unless a spec set
 * its own (the agents spec points them at its fake agents' log folders).
 */
function isolatedEnv(home: string): Record<string, string> {
  return {
    // Panes open a shell that ignores the machine's ~/.bashrc (see plain-bash for why).
    SHELL: PLAIN_SHELL,
    CODEX_HOME: process.env.CODEX_HOME ?? path.join(home, 'agents', 'codex'),
    CLAUDE_CONFIG_DIR: process.env.CLAUDE_CONFIG_DIR ?? path.join(home, 'agents', 'claude'),
    GEMINI_DIR: process.env.GEMINI_DIR ?? path.join(home, 'agents', 'gemini'),
  };
}

/**
 * Run `body` with these environment variables set in this (runner) process, which the engine
 * started by the `server` fixture inherits, and restore them afterwards.
 */
export async function withProcessEnv(vars: Record<string, string>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    await body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
