/**
 * Memory footprint benchmark: 8 panes of chatty coloured output in headless Chromium against a
 * real `serve`, sampling the browser's renderer and GPU processes, the page's JS heap and the
 * engine's RSS every few seconds, with a reload half way through.
 *
 * Usage: node --import tsx bench/footprint/index.ts [--seconds 600] [--interval 5] [--panes 8]
 *        [--modes every-pane,focused,untrimmed] [--memory-dump]
 *
 * Each mode runs for `--seconds` with a fresh engine and browser: `every-pane` is the app as it
 * ships (a WebGL context per visible pane, background panes' scrollback trimmed), the baseline
 * measured in the same run; `focused` gives WebGL to the focused pane only and draws the others
 * with xterm's DOM renderer (`?webgl=focused`); `untrimmed` keeps every pane's scrollback at the
 * full bound (`?scrollbackTrim=off`: the app before background trimming); `small-young-gen` is
 * every-pane with the desktop app's renderer flags (RENDERER_JS_FLAGS: V8's young generation
 * capped). Prints one JSON
 * document: the series and, per mode, peak, median and growth before and after the reload, and
 * each mode's ratios to every-pane.
 *
 * Needs the built UI (`node scripts/build.mjs renderer`) and Chromium at /usr/bin/chromium (or
 * CHROMIUM_PATH). `--memory-dump` adds Chromium's own accounting at the end of each mode (a
 * memory-infra dump: the largest allocators of the renderer and GPU processes). Builds the
 * bundled CLI itself (the engine as the desktop app runs it, with its Node flags). Linux only: RSS
 * and PSS come from /proc.
 *
 * `BENCH_ENGINE_ONLY=1`: no browser; the engine alone with 8 chatty panes driven over its sockets,
 * its RSS series, optionally beside a baseline checkout's engine (engine-only.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { RENDERER_JS_FLAGS } from '../../src/main/electron/decisions/app-paths.ts';
import { PLAIN_SHELL } from '../../test/helpers/plain-shell.ts';
import { runSampleLoop } from '../lib/sample-loop.ts';
import { waitForExpression } from '../lib/page-poll.ts';
import { startServe, stopChild } from '../lib/serve.ts';
import { runEngineOnly } from './engine-only.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHATTY = path.join(import.meta.dirname, 'chatty.sh');
const GOALS = { rendererPeakMB: 250, enginePeakMB: 150 };
const MODES = ['every-pane', 'focused', 'untrimmed', 'small-young-gen'] as const;
type Mode = (typeof MODES)[number];
/** What each mode adds to the page's address. */
// Forced, since the app picks focused-only by itself when WebGL is drawn in software (as in this
// benchmark's headless Chromium; software-gl.ts).
const MODE_QUERY: Record<Mode, string> = {
  'every-pane': '?webgl=every-pane',
  focused: '?webgl=focused',
  untrimmed: '?webgl=every-pane&scrollbackTrim=off',
  'small-young-gen': '?webgl=every-pane',
};
/** What each mode adds to Chromium's command line. */
const MODE_ARGS: Record<Mode, string[]> = {
  'every-pane': [],
  focused: [],
  untrimmed: [],
  // The desktop app's renderer flags (RENDERER_JS_FLAGS: V8's young generation capped, as the
  // engine's is); a page in the user's own browser runs without them.
  'small-young-gen': [`--js-flags=${RENDERER_JS_FLAGS}`],
};

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    interval: { type: 'string', default: '5' },
    panes: { type: 'string', default: '8' },
    modes: { type: 'string', default: 'every-pane,focused' },
    'memory-dump': { type: 'boolean' },
  },
});
const seconds = Math.max(10, Number(values.seconds));
const intervalMs = Math.max(1, Number(values.interval)) * 1000;
const panes = Math.min(9, Math.max(1, Number(values.panes)));
const modes = values.modes.split(',').map((mode) => {
  if (!(MODES as readonly string[]).includes(mode)) throw new Error(`unknown mode ${mode} (${MODES.join(', ')})`);
  return mode as Mode;
});

const round = (x: number): number => Math.round(x * 10) / 10;
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A /proc status or smaps_rollup field in MB (null when the process is gone or unreadable). */
function procMB(pid: number, file: 'status' | 'smaps_rollup', field: string): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
    return match ? round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

interface Sample {
  t: number;
  phase: 'before-reload' | 'after-reload';
  rendererMB: number | null;
  rendererPssMB: number | null;
  gpuMB: number | null;
  browserMB: number | null;
  /** Renderer processes besides the page's (spare renderers). */
  otherRenderers: number;
  jsHeapMB: number;
  /** ArrayBuffer backing stores (xterm's buffers live there, outside the JS heap). */
  backingStoreMB: number;
  engineMB: number | null;
  webglPanes: number;
  /** Lines held in all panes' normal buffers (scrollback + screen). */
  bufferLines: number;
}

interface ProcessInfo {
  type: string;
  id: number;
  cpuTime: number;
}

/** The page's renderer is the largest renderer process; the rest are spares. */
async function processes(browserCdp: CDPSession): Promise<{ renderer: ProcessInfo | null; gpu: ProcessInfo | null; browser: ProcessInfo | null; otherRenderers: number }> {
  const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] };
  const renderers = processInfo.filter((p) => p.type === 'renderer').sort((a, b) => (procMB(b.id, 'status', 'VmRSS') ?? 0) - (procMB(a.id, 'status', 'VmRSS') ?? 0));
  return {
    renderer: renderers[0] ?? null,
    gpu: processInfo.find((p) => p.type === 'GPU') ?? null,
    browser: processInfo.find((p) => p.type === 'browser') ?? null,
    otherRenderers: Math.max(0, renderers.length - 1),
  };
}

async function waitForPanes(page: Page, count: number): Promise<void> {
  // Every pane has a terminal that has drawn its shell's output.
  await waitForExpression(
    page,
    `(() => {
      const hook = window.__aoDebug;
      const ids = [...document.querySelectorAll('[data-testid="terminal-pane"]')].map((pane) => pane.dataset.sessionId);
      return ids.length === ${count} && ids.every((id) => hook && hook.renderer(id) !== 'none' && (hook.screenText(id) || '').length > 0);
    })()`,
    60_000,
  );
}

interface TraceEvent {
  ph: string;
  pid: number;
  args?: { dumps?: { allocators?: Record<string, { attrs?: { size?: { value?: string } } }> } };
}

/**
 * Chromium's memory-infra dump: per process, the allocators over 1 MB, top-level names and their
 * first level of parts (`shared_memory/…`, `gpu/…`: a part is counted in its parent too).
 */
async function memoryDump(browserCdp: CDPSession): Promise<Record<string, Record<string, number>>> {
  const events: TraceEvent[] = [];
  browserCdp.on('Tracing.dataCollected', (event) => {
    events.push(...(event.value as unknown as TraceEvent[]));
  });
  const complete = new Promise((resolve) => browserCdp.once('Tracing.tracingComplete', resolve));
  await browserCdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } } as never,
    transferMode: 'ReportEvents',
  });
  await browserCdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' } as never);
  await browserCdp.send('Tracing.end');
  await complete;
  const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: ProcessInfo[] };
  const out: Record<string, Record<string, number>> = {};
  for (const event of events) {
    const allocators = event.args?.dumps?.allocators;
    if (event.ph !== 'v' || !allocators) continue;
    const rows = Object.entries(allocators)
      .filter(([name]) => name.split('/').length <= 2)
      .map(([name, dump]) => [name, round(parseInt(dump.attrs?.size?.value ?? '0', 16) / 1048576)] as const)
      .filter(([, mb]) => mb >= 1)
      .sort((a, b) => b[1] - a[1]);
    out[`${processInfo.find((p) => p.id === event.pid)?.type ?? 'process'} ${event.pid}`] = Object.fromEntries(rows);
  }
  return out;
}

async function runMode(mode: Mode, repo: string, work: string, chromiumPath: string) {
  const home = await mkdtemp(path.join(work, `home-${mode}-`));
  const { child: serve, url } = await startServe({ root: ROOT, home, env: { SHELL: PLAIN_SHELL } });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', ...MODE_ARGS[mode]] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const browserCdp = await browser.newBrowserCDPSession();
    const pageCdp = await page.context().newCDPSession(page);
    await page.goto(url.replace('/#', `/${MODE_QUERY[mode]}#`));
    await page.getByLabel('Add repository').waitFor();
    await page.locator('.status-dot--connected').waitFor();

    const sample = async (t: number, phase: Sample['phase']): Promise<Sample> => {
      const procs = await processes(browserCdp);
      const heap = (await pageCdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
      const { webglPanes, bufferLines } = (await page.evaluate(
        `(() => {
          const hook = window.__aoDebug;
          if (!hook) return { webglPanes: 0, bufferLines: 0 };
          const ids = hook.sessionIds();
          return {
            webglPanes: ids.filter((id) => hook.renderer(id) === 'webgl').length,
            bufferLines: ids.reduce((sum, id) => sum + ((hook.scrollback && hook.scrollback(id)) || { lines: 0 }).lines, 0),
          };
        })()`,
      )) as { webglPanes: number; bufferLines: number };
      return {
        t: round(t),
        phase,
        rendererMB: procs.renderer ? procMB(procs.renderer.id, 'status', 'VmRSS') : null,
        rendererPssMB: procs.renderer ? procMB(procs.renderer.id, 'smaps_rollup', 'Pss') : null,
        gpuMB: procs.gpu ? procMB(procs.gpu.id, 'status', 'VmRSS') : null,
        browserMB: procs.browser ? procMB(procs.browser.id, 'status', 'VmRSS') : null,
        otherRenderers: procs.otherRenderers,
        jsHeapMB: round(heap.usedSize / 1048576),
        backingStoreMB: round((heap.backingStorageSize ?? 0) / 1048576),
        engineMB: serve.pid ? procMB(serve.pid, 'status', 'VmRSS') : null,
        webglPanes,
        bufferLines,
      };
    };

    // The app with no panes yet: what the page costs before any terminal.
    await sleep(2000);
    const emptyApp = await sample(0, 'before-reload');

    await page.getByLabel('Add repository').fill(repo);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const open = page.getByRole('button', { name: 'Open shell in main-repo', exact: true });
    for (let n = 1; n <= panes; n++) {
      await open.click();
      await page.getByTestId('terminal-pane').nth(n - 1).waitFor();
    }
    await waitForPanes(page, panes);
    for (let n = 1; n <= panes; n++) {
      const pane = page.locator(`[data-testid="terminal-pane"][aria-label="Terminal ${n}"]`);
      const id = await pane.getAttribute('data-session-id');
      await waitForExpression(page, `/[$#>%]\\s*$/.test(window.__aoDebug.screenText(${JSON.stringify(id)}) || '')`, 30_000);
      await pane.locator('.pane__terminal').click();
      await page.keyboard.type(`bash ${CHATTY}`);
      await page.keyboard.press('Enter');
    }

    const cpuStart = await processes(browserCdp);
    const series: Sample[] = [];
    let reloadedAt: number | null = null;
    let reloadMs: number | null = null;
    const started = await runSampleLoop({
      seconds,
      intervalMs,
      halfway: async (elapsed) => {
        const reloadStarted = performance.now();
        await page.reload();
        await waitForPanes(page, panes);
        reloadMs = Math.round(performance.now() - reloadStarted);
        reloadedAt = round(elapsed + reloadMs / 1000);
      },
      sample: async (elapsed, afterHalfway) => {
        series.push(await sample(elapsed, afterHalfway ? 'after-reload' : 'before-reload'));
      },
    });
    const cpuEnd = await processes(browserCdp);
    const chromiumAccounting = values['memory-dump'] ? await memoryDump(browserCdp) : undefined;
    const cpuSeconds = (end: ProcessInfo | null, start: ProcessInfo | null): number | null =>
      end && start && end.id === start.id ? round(end.cpuTime - start.cpuTime) : null;
    return {
      mode,
      emptyApp,
      reloadedAtSeconds: reloadedAt,
      reloadMs,
      cpuSeconds: { renderer: cpuSeconds(cpuEnd.renderer, cpuStart.renderer), gpu: cpuSeconds(cpuEnd.gpu, cpuStart.gpu), overSeconds: round((performance.now() - started) / 1000) },
      summary: summarize(series),
      ...(chromiumAccounting ? { chromiumAccounting } : {}),
      series,
    };
  } finally {
    await browser?.close();
    await stopChild(serve);
  }
}

type Field = 'rendererMB' | 'rendererPssMB' | 'gpuMB' | 'jsHeapMB' | 'backingStoreMB' | 'engineMB' | 'bufferLines';

/** Peak and median; growth = median of the last third of a phase minus median of its first third. */
function stats(samples: readonly Sample[], field: Field | 'rendererPlusGpuMB') {
  const xs = samples
    .map((s) => (field === 'rendererPlusGpuMB' ? (s.rendererMB ?? NaN) + (s.gpuMB ?? 0) : s[field]))
    .filter((x): x is number => x !== null && Number.isFinite(x));
  if (xs.length === 0) return null;
  const third = Math.max(1, Math.floor(xs.length / 3));
  return {
    peak: round(Math.max(...xs)),
    median: round(median(xs)),
    growth: round(median(xs.slice(-third)) - median(xs.slice(0, third))),
  };
}

function summarize(series: readonly Sample[]) {
  const fields: Array<Field | 'rendererPlusGpuMB'> = ['rendererMB', 'rendererPssMB', 'gpuMB', 'rendererPlusGpuMB', 'jsHeapMB', 'backingStoreMB', 'engineMB', 'bufferLines'];
  const phase = (name: Sample['phase']) => series.filter((s) => s.phase === name);
  return Object.fromEntries(
    fields.map((field) => [field, { all: stats(series, field), beforeReload: stats(phase('before-reload'), field), afterReload: stats(phase('after-reload'), field) }]),
  );
}

async function main(): Promise<void> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const engineOnly = process.env.BENCH_ENGINE_ONLY === '1';
  if (!engineOnly && !existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);
  if (!engineOnly && !existsSync(path.join(ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run `node scripts/build.mjs renderer`');
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: ROOT, stdio: 'ignore' });
  const work = await mkdtemp(path.join(os.tmpdir(), 'ao-bench-footprint-'));
  const loadBefore = os.loadavg().map(round);
  try {
    const repo = path.join(work, 'main-repo');
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', 'initial'], { cwd: repo });
    if (engineOnly) {
      const report = await runEngineOnly({ root: ROOT, work, repo, chatty: CHATTY, seconds, intervalMs, panes });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    const runs = [];
    for (const mode of modes) runs.push(await runMode(mode, repo, work, chromiumPath));

    const byMode = Object.fromEntries(runs.map((run) => [run.mode, run]));
    const ratio = (mode: Mode, field: Field | 'rendererPlusGpuMB', key: 'peak' | 'median', phase: 'all' | 'afterReload' = 'all'): number | null => {
      const now = byMode[mode]?.summary[field]?.[phase]?.[key];
      const before = byMode['every-pane']?.summary[field]?.[phase]?.[key];
      return now && before ? Math.round((now / before) * 1000) / 1000 : null;
    };
    const ratiosOf = (mode: Mode) => ({
      rendererPeak: ratio(mode, 'rendererMB', 'peak'),
      rendererMedian: ratio(mode, 'rendererMB', 'median'),
      rendererPeakAfterReload: ratio(mode, 'rendererMB', 'peak', 'afterReload'),
      rendererPlusGpuPeak: ratio(mode, 'rendererPlusGpuMB', 'peak'),
      rendererPlusGpuMedian: ratio(mode, 'rendererPlusGpuMB', 'median'),
      backingStoreMedian: ratio(mode, 'backingStoreMB', 'median'),
    });
    const shipped = byMode['every-pane']?.summary;
    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGB: round(os.totalmem() / 2 ** 30), node: process.version },
      loadAverage: { before: loadBefore, after: os.loadavg().map(round) },
      settings: { seconds, intervalSeconds: intervalMs / 1000, panes, modes, chattyScript: path.relative(ROOT, CHATTY) },
      // mode ÷ every-pane: below 1 means that mode uses less than the shipped default.
      ratios: Object.fromEntries(modes.filter((mode) => mode !== 'every-pane').map((mode) => [mode, ratiosOf(mode)])),
      goals: GOALS,
      // The goals are judged on what ships: the default, a WebGL context per visible pane.
      met: shipped
        ? {
            rendererPeak: (shipped.rendererMB?.all?.peak ?? Infinity) <= GOALS.rendererPeakMB,
            enginePeak: (shipped.engineMB?.all?.peak ?? Infinity) <= GOALS.enginePeakMB,
          }
        : null,
      runs,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
