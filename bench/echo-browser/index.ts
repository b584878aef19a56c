/**
 * Keystroke echo as the user sees it: typed in one pane of the app in headless Chromium while the
 * other panes flood, timed from the page's keydown to the character parsed on that pane's screen
 * (the whole path: the page, the engine, the shell's echo, the engine, the WebSocket, xterm's
 * parser). bench/terminal-throughput times the echo at the engine's socket with a client that
 * parses nothing; this one includes the renderer, which parses and draws every pane's output on
 * one thread.
 *
 * Usage: node --import tsx bench/echo-browser/index.ts [--keys 150] [--floods 7]
 *        [--kind coloured|plain] [--rounds 2] [--modes floods,idle]
 *
 * Modes, alternated within each round, each with a fresh engine and browser and the same panes:
 * `floods` runs an endless flood in every pane but the one typed in, `idle` runs none (the
 * baseline in the same run). Prints one JSON document: per mode and round the echo
 * p50/p90/p99/max and the other panes' throughput during the typing, and the ratios of `floods`
 * to `idle`.
 *
 * Needs the built UI (`node scripts/build.mjs renderer`) and Chromium at /usr/bin/chromium (or
 * CHROMIUM_PATH). Builds the bundled CLI itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { PLAIN_SHELL } from '../../test/helpers/plain-shell.ts';
import { waitForExpression } from '../lib/page-poll.ts';
import { startServe, stopChild } from '../lib/serve.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODES = ['floods', 'idle'] as const;
type Mode = (typeof MODES)[number];
const GOAL_P99_MS = 20;

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '150' },
    floods: { type: 'string', default: '7' },
    kind: { type: 'string', default: 'coloured' },
    rounds: { type: 'string', default: '2' },
    modes: { type: 'string', default: 'floods,idle' },
    query: { type: 'string', default: '' },
  },
});
const keys = Math.max(10, Number(values.keys));
const floods = Math.min(8, Math.max(1, Number(values.floods)));
const kind = values.kind === 'plain' ? 'plain' : 'coloured';
const rounds = Math.max(1, Number(values.rounds));
const modes = values.modes.split(',').map((mode) => {
  if (!(MODES as readonly string[]).includes(mode)) throw new Error(`unknown mode ${mode} (${MODES.join(', ')})`);
  return mode as Mode;
});

/**
 * An endless flood, typed into a pane's shell: base64 text, or lines with SGR colours like an
 * agent's (`yes` repeats the line as fast as the pane takes it).
 */
const FLOOD_COMMAND: Record<typeof kind, string> = {
  plain: 'base64 /dev/urandom',
  coloured:
    "yes $'\\e[2m12:00:01\\e[0m \\e[1;32m●\\e[0m \\e[36mEdit\\e[0m(\\e[33msrc/module-07/file-042.ts\\e[0m) \\e[32m+12\\e[0m \\e[31m-3\\e[0m \\e[38;5;117mupdated the handler and its tests\\e[0m'",
};

const round1 = (x: number): number => Math.round(x * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function runMode(mode: Mode, repo: string, work: string, chromiumPath: string) {
  const home = await mkdtemp(path.join(work, `home-${mode}-`));
  const { child: serve, url } = await startServe({ root: ROOT, home, env: { SHELL: PLAIN_SHELL } });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('crash', () => process.stderr.write(`echo-browser: the page crashed (${mode})\n`));
    page.on('pageerror', (error) => process.stderr.write(`echo-browser: page error (${mode}): ${error.message}\n`));
    // --query: page switches, e.g. `?webgl=focused` (the other panes on xterm's DOM renderer).
    await page.goto(values.query ? url.replace('/#', `/${values.query}#`) : url);
    await page.getByLabel('Add repository').waitFor();
    await page.locator('.status-dot--connected').waitFor();
    await page.getByLabel('Add repository').fill(repo);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const open = page.getByRole('button', { name: 'Open shell in main-repo', exact: true });
    const panes = floods + 1;
    const ids: string[] = [];
    for (let n = 1; n <= panes; n++) {
      await open.click();
      const pane = page.locator(`[data-testid="terminal-pane"][aria-label="Terminal ${n}"]`);
      await pane.waitFor();
      const id = (await pane.getAttribute('data-session-id'))!;
      ids.push(id);
      await waitForExpression(page, `/[$#>%]\\s*$/.test(window.__aoDebug.screenText(${JSON.stringify(id)}) || '')`, 30_000);
    }
    // Panes 1..floods flood (in `floods` mode); the last one is the shell the user types in.
    for (let n = 1; n <= (mode === 'floods' ? floods : 0); n++) {
      await page.locator(`[data-testid="terminal-pane"][aria-label="Terminal ${n}"] .pane__terminal`).click();
      await page.keyboard.type(FLOOD_COMMAND[kind]);
      await page.keyboard.press('Enter');
    }
    const shellId = ids[panes - 1]!;
    await page.locator(`[data-testid="terminal-pane"][aria-label="Terminal ${panes}"] .pane__terminal`).click();
    // Let the floods reach their steady state (flow control windows full, panes streaming).
    await sleep(2_000);
    await page.evaluate(`(() => {
      window.__echoKeydownAt = 0;
      window.addEventListener('keydown', () => { window.__echoKeydownAt = performance.now(); }, true);
    })()`);
    // The prompt's last character (trailing blanks are trimmed from a line): what Ctrl+U leaves.
    const prompt = ((await page.evaluate(`window.__aoDebug.screenText(${JSON.stringify(shellId)})`)) as string).trimEnd().slice(-1);
    // BENCH_PROFILE=<file prefix>: a CPU profile of the page while typing (Chrome DevTools format).
    const pageCdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    if (pageCdp) {
      await pageCdp.send('Profiler.enable');
      await pageCdp.send('Profiler.start');
    }
    const bytesBefore = (await page.evaluate('window.__aoDebug.outputBytes()')) as Record<string, number>;
    const startedAt = performance.now();
    const samples: number[] = [];
    let timeouts = 0;
    const alphabet = 'abcdefghijklmnopqrstuvwxyz';
    let typed = '';
    for (let i = 0; i < keys; i++) {
      if (typed.length >= 24) {
        // Clear the line (not timed) so it never wraps.
        await page.evaluate(`(() => { window.__echoProbe = window.__aoDebug.whenCursorLineEndsWith(${JSON.stringify(shellId)}, ${JSON.stringify(prompt)}, 10000); })()`);
        await page.keyboard.press('Control+U');
        await page.evaluate('window.__echoProbe');
        typed = '';
      }
      const key = alphabet[i % alphabet.length]!;
      typed += key;
      const suffix = typed.slice(-3);
      // (Not returning the promise: page.evaluate would wait for it before the key is pressed.)
      await page.evaluate(`(() => { window.__echoProbe = window.__aoDebug.whenCursorLineEndsWith(${JSON.stringify(shellId)}, ${JSON.stringify(suffix)}, 10000); })()`);
      await page.keyboard.press(key);
      const latency = (await page.evaluate('window.__echoProbe.then((at) => at === null ? null : at - window.__echoKeydownAt)')) as number | null;
      if (latency === null) timeouts++;
      else samples.push(latency);
      // About ten keys a second, a fast typist's pace.
      await sleep(100);
    }
    const seconds = (performance.now() - startedAt) / 1000;
    if (pageCdp) {
      const { profile } = await pageCdp.send('Profiler.stop');
      await writeFile(`${process.env.BENCH_PROFILE}-${mode}.cpuprofile`, JSON.stringify(profile));
    }
    if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: `${process.env.BENCH_SCREENSHOT}-${mode}.png` });
    const bytesAfter = (await page.evaluate('window.__aoDebug.outputBytes()')) as Record<string, number>;
    const floodBytes = ids.slice(0, floods).reduce((sum, id) => sum + ((bytesAfter[id] ?? 0) - (bytesBefore[id] ?? 0)), 0);
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      mode,
      echo: {
        samples: samples.length,
        timeouts,
        p50Ms: round1(percentile(sorted, 50)),
        p90Ms: round1(percentile(sorted, 90)),
        p99Ms: round1(percentile(sorted, 99)),
        maxMs: round1(sorted.at(-1) ?? NaN),
      },
      floodMBps: round1(floodBytes / 1e6 / seconds),
    };
  } finally {
    await browser?.close();
    await stopChild(serve);
  }
}

async function main(): Promise<void> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run `node scripts/build.mjs renderer`');
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: ROOT, stdio: 'ignore' });
  const work = await mkdtemp(path.join(os.tmpdir(), 'ao-bench-echo-'));
  const loadBefore = os.loadavg().map(round1);
  try {
    const repo = path.join(work, 'main-repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', 'initial'], { cwd: repo });
    const runs: Array<{ round: number } & Awaited<ReturnType<typeof runMode>>> = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which mode goes first, so a drift in the machine's load favours neither.
      const order = r % 2 === 0 ? modes : [...modes].reverse();
      for (const mode of order) runs.push({ round: r + 1, ...(await runMode(mode, repo, work, chromiumPath)) });
    }
    const of = (mode: Mode) => runs.filter((run) => run.mode === mode);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const ratio = (field: 'p50Ms' | 'p99Ms'): number | null => {
      const flooded = median(of('floods').map((run) => run.echo[field]));
      const idle = median(of('idle').map((run) => run.echo[field]));
      return Number.isFinite(flooded) && Number.isFinite(idle) && idle > 0 ? Math.round((flooded / idle) * 1000) / 1000 : null;
    };
    const report = {
      benchmark: 'echo-browser',
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
      loadAverage: { before: loadBefore, after: os.loadavg().map(round1) },
      settings: { keys, floods, kind, rounds, modes },
      runs,
      // floods ÷ idle: how much slower an echo is while the other panes flood.
      ratios: { p50: ratio('p50Ms'), p99: ratio('p99Ms') },
      goals: { echoP99Ms: GOAL_P99_MS },
      met: { echoP99Ms: of('floods').every((run) => run.echo.p99Ms <= GOAL_P99_MS) },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
