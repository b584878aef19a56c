/**
 * Branch graph benchmark: git read, lane layout, engine paging and Chromium frame times on a
 * generated repository with ≥ 20k commits, against `git log --graph` in the same run.
 *
 * Usage: node --import tsx bench/git-graph/index.ts [--commits 20000] [--branches 50] [--runs 5]
 *        [--no-browser] [--keep]
 *
 * Prints one JSON document. The browser part builds the bundled CLI (`scripts/build.mjs cli`)
 * and runs it like the desktop app does; it needs the built UI (`node scripts/build.mjs
 * renderer`) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH); when either is missing it is
 * reported as skipped with the reason.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { GraphService } from '../../src/main/engine/graph/graph-service.ts';
import { GraphWorkerHost } from '../../src/main/engine/graph/start-graph-worker.ts';
import { graphLogArgs } from '../../src/main/engine/graph/graph-read.ts';
import { CHECKPOINT_EVERY, GraphRowBuilder, LogRecordSplitter } from '../../src/main/engine/graph/graph-rows.ts';
import { throughRows } from '../../src/main/engine/graph/lane-bands.ts';
import { resolveGraphScope } from '../../src/main/engine/graph/graph-scope.ts';
import { LaneLayout, layoutLanes } from '../../src/main/engine/graph/lane-layout.ts';
import { GRAPH_MAX_COMMITS } from '../../src/shared/protocol/graph.ts';
import { generateHistory } from '../../test/helpers/graph-history.ts';
import { startServe } from '../lib/serve.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GOALS = { layoutMs: 50, frameMs: 16 };

const { values } = parseArgs({
  options: {
    commits: { type: 'string', default: '20000' },
    branches: { type: 'string', default: '50' },
    runs: { type: 'string', default: '5' },
    'no-browser': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const commits = Number(values.commits);
const branches = Number(values.branches);
const runs = Math.max(1, Number(values.runs));

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const round = (x: number): number => Math.round(x * 10) / 10;

/** Wall time of one git run until its output is fully read. */
function timeGit(cwd: string, args: readonly string[]): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - started, bytes }) : reject(new Error(`git ${args[0]} exited ${code}`))));
  });
}

async function gitReads(repo: string, revs: readonly string[], ours: readonly string[]) {
  const baselineArgs = ['log', '--graph', '--oneline', '--date-order', '--decorate=full', ...revs, '--'];
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so load on the shared machine hits both alike.
    oursMs.push((await timeGit(repo, ours)).ms);
    baselineMs.push((await timeGit(repo, baselineArgs)).ms);
  }
  return { oursMs: round(median(oursMs)), baselineGitLogGraphMs: round(median(baselineMs)), speedup: round(median(baselineMs) / median(oursMs)) };
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'ao-bench-graph-'));
  const repo = path.join(work, 'repo');
  const report: Record<string, unknown> = { commitsRequested: commits, openBranches: branches, runs };
  let server: ChildProcess | null = null;
  try {
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    execFileSync('git', ['config', 'user.name', 'Bench'], { cwd: repo });
    execFileSync('git', ['config', 'user.email', 'bench@example.com'], { cwd: repo });
    const generatedAt = performance.now();
    const history = generateHistory(repo, { commits, openBranches: branches });
    report.repository = { commits: history.commits, targets: history.targets, generateMs: Math.round(performance.now() - generatedAt) };

    const scope = await resolveGraphScope(repo, path.join(work, 'home'), 'date');
    if (!scope.ok) throw new Error(JSON.stringify(scope.error));
    const ours = graphLogArgs({ scope: scope.value, order: 'date', maxCommits: GRAPH_MAX_COMMITS });
    const reachable = Number(execFileSync('git', ['rev-list', '--count', ...scope.value.revs], { cwd: repo, encoding: 'utf8' }));
    report.graph = { commits: reachable, revs: scope.value.revs.length, targets: scope.value.targets };

    // 1. git: our NUL-separated read against `git log --graph`, without and with a commit-graph.
    const withoutCommitGraph = await gitReads(repo, scope.value.revs, ours);
    execFileSync('git', ['commit-graph', 'write', '--reachable'], { cwd: repo });
    const withCommitGraph = await gitReads(repo, scope.value.revs, ours);
    report.gitRead = { withoutCommitGraph, withCommitGraph };

    // 2. Lane layout of the whole history in-process (the worker runs the same code).
    const hp = execFileSync('git', ['log', '--date-order', '--format=%H %P', ...scope.value.revs, '--'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 });
    const parsed = hp.trim().split('\n').map((line) => {
      const [sha, ...parents] = line.split(' ');
      return { sha: sha!, parents };
    });
    const full = execFileSync('git', ours, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 });
    for (let i = 0; i < 2; i++) layoutLanes(parsed); // warm-up (JIT)
    const layoutMs: number[] = [];
    const layoutCpuMs: number[] = [];
    const buildMs: number[] = [];
    const pageMs: number[] = [];
    let width = 0;
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const laid = layoutLanes(parsed);
      layoutMs.push(performance.now() - t0);
      const used = process.cpuUsage(cpu);
      layoutCpuMs.push((used.user + used.system) / 1000);
      width = laid.width;
      const t1 = performance.now();
      const builder = new GraphRowBuilder(scope.value);
      for (const record of new LogRecordSplitter().feed(full)) builder.push(record);
      buildMs.push(performance.now() - t1);
      // One page of 500 rows deep in the history, replayed from its checkpoint.
      const from = Math.floor(parsed.length / 2) + 137;
      const checkpoint = { row: from - (from % CHECKPOINT_EVERY), active: [] as number[] };
      const replay = new LaneLayout();
      parsed.slice(0, checkpoint.row).forEach((commit) => replay.push(commit.sha, commit.parents));
      checkpoint.active = replay.active();
      const t2 = performance.now();
      throughRows(checkpoint, (index) => laid.rows[index]!, from, from + 500);
      pageMs.push(performance.now() - t2);
    }
    report.layout = {
      commits: parsed.length,
      lanes: width,
      lanesMedianMs: round(median(layoutMs)),
      lanesMaxMs: round(Math.max(...layoutMs)),
      lanesCpuMedianMs: round(median(layoutCpuMs)),
      parseLabelsTargetsAndLanesMedianMs: round(median(buildMs)),
      passingLinesOf500RowPageMs: round(median(pageMs)),
    };

    // 3. The engine: first page and complete layout through GraphService (worker thread).
    const repoRecord = { id: 'bench', path: repo, name: 'repo', addedAt: new Date().toISOString() };
    const firstPageMs: number[] = [];
    const completeMs: number[] = [];
    let inWorker = false;
    // One worker host for all runs, as in a running engine: run 1 includes starting the worker
    // (from TypeScript sources here, which compiles it), later runs find it warm.
    const workers = new GraphWorkerHost();
    for (let i = 0; i <= runs; i++) {
      const service = new GraphService({ home: path.join(work, 'home'), repos: () => [repoRecord], workers });
      const t0 = performance.now();
      const first = await service.commits({ repoId: 'bench', offset: 0, limit: 500 });
      firstPageMs.push(performance.now() - t0);
      if (!first.ok) throw new Error(JSON.stringify(first.error));
      const last = await service.commits({ repoId: 'bench', offset: GRAPH_MAX_COMMITS - 1, limit: 1, revision: first.value.revision });
      completeMs.push(performance.now() - t0);
      if (!last.ok || last.value.total !== reachable) throw new Error(`engine laid out ${last.ok ? last.value.total : 'an error'}, git says ${reachable}`);
      inWorker = last.value.timings.inWorker;
      await service.dispose();
    }
    await workers.dispose();
    report.engine = {
      coldFirstPage500Ms: round(firstPageMs[0]!),
      coldCompleteMs: round(completeMs[0]!),
      warmFirstPage500Ms: round(median(firstPageMs.slice(1))),
      warmCompleteMs: round(median(completeMs.slice(1))),
      inWorker,
      totalMatchesGit: true,
    };

    // 4. Chromium: first paint and scroll frames of the graph page.
    report.browser = values['no-browser'] ? { skipped: '--no-browser' } : await browserRun(repo, work, (child) => (server = child));

    const layoutMedian = (report.layout as { lanesMedianMs: number }).lanesMedianMs;
    const browser = report.browser as { scroll?: { drawMaxMs: number; framesOver16ms: number } };
    report.goals = {
      layout: { goal: `lane layout of ${parsed.length} commits <= ${GOALS.layoutMs} ms`, value: layoutMedian, met: layoutMedian <= GOALS.layoutMs },
      scrollDraw: {
        goal: `no scroll frame's drawing over ${GOALS.frameMs} ms`,
        value: browser.scroll?.drawMaxMs ?? null,
        met: browser.scroll ? browser.scroll.drawMaxMs <= GOALS.frameMs : null,
      },
      scrollFrames: {
        goal: `no scroll frame interval over ${GOALS.frameMs} ms (headless, software rendering)`,
        value: browser.scroll?.framesOver16ms ?? null,
        met: browser.scroll ? browser.scroll.framesOver16ms === 0 : null,
      },
    };
  } finally {
    const child = server as ChildProcess | null;
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (!values.keep) await rm(work, { recursive: true, force: true });
    else report.keptAt = work;
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

async function browserRun(repo: string, work: string, onServer: (child: ChildProcess) => void): Promise<Record<string, unknown>> {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) return { skipped: `no Chromium at ${chromiumPath}` };
  if (!existsSync(path.join(ROOT, 'dist/renderer/index.html'))) return { skipped: 'dist/renderer is missing: run `node scripts/build.mjs renderer`' };
  // The engine as the desktop app ships it: the bundled CLI with its bundled graph worker.
  execFileSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: ROOT, stdio: 'ignore' });
  const home = path.join(work, 'serve-home');
  const { url } = await startServe({ root: ROOT, home, onChild: onServer });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(url);
    await page.getByLabel('Add repository').fill(repo);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('worktree-row').first().waitFor();
    // Page scripts are strings: tsx would wrap named functions in a `__name` helper the page lacks.
    // First paint: from the click on "Graph" to the first frame that drew real rows.
    const firstPaintMs = (await page.evaluate(`new Promise((resolve) => {
      const started = performance.now();
      document.querySelector('[data-testid="graph-toggle"]').click();
      const check = () => {
        const hook = window.__aoGraph;
        if (hook && hook.rowSha(0)) resolve(performance.now() - started);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })`)) as number;
    const completeAfterMs = (await page.evaluate(`new Promise((resolve) => {
      const started = performance.now();
      const check = () => (window.__aoGraph.summary().complete ? resolve(performance.now() - started) : setTimeout(check, 10));
      check();
    })`)) as number;
    // Scroll: 4 rows per frame for 300 frames, then a jump to the middle and to the end (pages not
    // loaded yet) with more scrolling after each; frame intervals and draw times recorded.
    const scroll = (await page.evaluate(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="graph-scroller"]');
      const hook = window.__aoGraph;
      const intervals = [];
      // Only this scroll's frames: the first paint before it (cold text caches) is measured above.
      const drawsBefore = hook.drawTimes().length;
      let placeholders = 0;
      let last = performance.now();
      let frame = 0;
      const step = (now) => {
        intervals.push(now - last);
        last = now;
        if (hook.rowSha(hook.visible().first) === null) placeholders++;
        frame++;
        if (frame < 300) scroller.scrollTop += 96;
        else if (frame === 300) scroller.scrollTop = scroller.scrollHeight / 2;
        else if (frame < 360) scroller.scrollTop += 96;
        else if (frame === 360) scroller.scrollTop = scroller.scrollHeight;
        else if (frame < 420) scroller.scrollTop -= 96;
        else return resolve({ intervals: intervals.slice(2), draws: hook.drawTimes().slice(drawsBefore), placeholders });
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })`)) as { intervals: number[]; draws: number[]; placeholders: number };
    const status = await page.getByTestId('graph-status').textContent();
    return {
      firstPaintMs: round(firstPaintMs),
      completeAfterFirstPaintMs: round(completeAfterMs),
      status,
      scroll: {
        frames: scroll.intervals.length,
        drawMedianMs: round(median(scroll.draws)),
        drawP99Ms: round(percentile(scroll.draws, 99)),
        drawMaxMs: round(Math.max(...scroll.draws)),
        frameIntervalMedianMs: round(median(scroll.intervals)),
        frameIntervalP95Ms: round(percentile(scroll.intervals, 95)),
        frameIntervalMaxMs: round(Math.max(...scroll.intervals)),
        // A frame later than 1.25 vsync intervals missed its vsync: a dropped frame.
        framesOver16ms: scroll.intervals.filter((ms) => ms > 16.7 * 1.25).length,
        // Which frames were late (index in the scroll; 298 is the jump to the middle, 358 to the end).
        lateFrames: scroll.intervals.flatMap((ms, index) => (ms > 16.7 * 1.25 ? [{ index, ms: round(ms) }] : [])),
        framesShowingUnloadedRows: scroll.placeholders,
        // Which draws were slow (index in the scroll: 300 is the jump to the middle, 360 to the end).
        slowDraws: scroll.draws.flatMap((ms, index) => (ms > GOALS.frameMs ? [{ index, ms: round(ms) }] : [])),
      },
    };
  } finally {
    await browser.close();
  }
}

await main();
