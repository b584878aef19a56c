#!/usr/bin/env node
/**
 * `npm test`: every runner in order, then one closing line `N passed, N failed`.
 *
 * CI counts that plain line, not vitest's or Playwright's own summaries, so the totals are
 * computed here from each runner's JSON report. Type check, lint and the renderer build count as
 * one test each. Runners go one after another: these machines have two cores.
 *
 * Usage: node scripts/test.mjs [typecheck|lint|vitest|build|package|security|e2e|electron …]  (default: all)
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, '.test-reports');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args, env = {}, keep = null) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: keep ? ['inherit', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    if (keep) {
      // Echo everything, and keep the last 2 MB: a runner's own words on what broke outside any test.
      const tee = (stream, out) => {
        stream.on('data', (chunk) => {
          out.write(chunk);
          keep.text = (keep.text + chunk.toString('utf8')).slice(-2_000_000);
        });
        stream.on('error', () => {});
      };
      keep.text = '';
      tee(child.stdout, process.stdout);
      tee(child.stderr, process.stderr);
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(1);
    });
  });
}

/**
 * Vitest's "Unhandled Errors" block (an error thrown or a promise rejected outside any test fails
 * the run while every test passes): the first lines of each, without colours.
 */
function unhandledErrors(output) {
  const lines = stripColours(output).split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    // Each error's own header (`⎯⎯ Unhandled Rejection ⎯⎯`, `⎯⎯ Uncaught Exception ⎯⎯`, …), not the banner.
    if (!/⎯ [A-Z]\w*( \w+)? ⎯/.test(lines[i]) || /Unhandled Errors|Failed Tests|Failed Suites/.test(lines[i])) continue;
    // Source excerpts (`12| code`, `|   ^`) are dropped: the file and line are in the stack.
    const block = lines
      .slice(i + 1, i + 24)
      .map((l) => l.trim())
      .filter((l) => l && !/^(\d+)?\|/.test(l) && !/^⎯+$/.test(l))
      .slice(0, 8);
    found.push(block.join(' | ').slice(0, 1_200));
  }
  return found;
}

// eslint-disable-next-line no-control-regex -- SGR colour codes start with ESC
const stripColours = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');

async function readJson(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

/** A step that is one test: passes when its command exits 0. */
const single = (name, command, args) => async () => {
  const code = await run(command, args);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
};

async function vitestStep() {
  const out = path.join(reports, 'vitest.json');
  const output = { text: '' };
  const code = await run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}`], {}, output);
  const json = await readJson(out);
  if (!json) return { name: 'vitest', passed: 0, failed: 1, skipped: 0, note: `no report (exit ${code})` };
  // A suite that fails to load has no failed tests but a failed suite: count it.
  const brokenSuites = (json.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).every((t) => t.status !== 'failed'),
  ).length;
  const failures = (json.testResults ?? []).flatMap((suite) => {
    const file = path.relative(process.cwd(), suite.name ?? '');
    const tests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (tests.length === 0) return suite.status === 'failed' ? [failureLine(file, 'suite failed (load or hook)', suite.message)] : [];
    return tests.map((t) => failureLine(file, t.fullName ?? t.title, (t.failureMessages ?? [])[0]));
  });
  if (code !== 0) failures.push(...unhandledErrors(output.text).map((block) => `outside any test: ${block}`));
  return {
    name: 'vitest',
    failures,
    passed: json.numPassedTests ?? 0,
    failed: (json.numFailedTests ?? 0) + brokenSuites + (code !== 0 && !json.numFailedTests && !brokenSuites ? 1 : 0),
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
  };
}

/**
 * One short line per failure, repeated in the summary: CI keeps only the tail of a long log, and
 * a failure that scrolled out of it cannot be investigated.
 */
function failureLine(file, title, message) {
  const first = stripColours(String(message ?? ''))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(' | ')
    .slice(0, 300);
  return `${file} › ${title}${first ? ` — ${first}` : ''}`;
}

const playwrightStep = (name, config, reportFile) => async () => {
  const out = path.join(reports, reportFile);
  await rm(out, { force: true });
  const code = await run(bin('playwright'), ['test', '-c', config], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const json = await readJson(out);
  if (!json?.stats) return { name, passed: 0, failed: 1, skipped: 0, note: `no report (exit ${code})` };
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = json.stats;
  for (const line of skipReasons(json)) console.log(line);
  const globalErrors = (json.errors ?? []).length;
  return {
    name,
    failures: [...playwrightFailures(json), ...(json.errors ?? []).map((e) => failureLine(config, 'global error', e.message))],
    passed: expected + flaky,
    failed: unexpected + globalErrors + (code !== 0 && unexpected + globalErrors === 0 ? 1 : 0),
    skipped,
  };
};

/**
 * One line per skipped Playwright test with the reason given to `test.skip(condition, reason)`:
 * a skip must say why in the output, not only in the JSON report.
 */
function skipReasons(report) {
  const lines = [];
  eachTest(report, (test, spec, titles) => {
    if (test.status !== 'skipped' && test.expectedStatus !== 'skipped') return;
    const reason = (test.annotations ?? []).find((a) => a.type === 'skip')?.description || 'no reason given';
    lines.push(`  skipped: ${[...titles, spec.title].join(' › ')} — ${reason}`);
  });
  return lines;
}

/** One {@link failureLine} per test Playwright did not expect to fail (the file is named apart). */
function playwrightFailures(report) {
  const lines = [];
  eachTest(report, (test, spec, titles, suite) => {
    if (test.status !== 'unexpected') return;
    const error = (test.results ?? []).at(-1)?.error?.message;
    lines.push(failureLine(spec.file ?? suite.file ?? '', [...titles.slice(1), spec.title].join(' › '), error));
  });
  return lines;
}

/** Every test of a Playwright JSON report, with the titles of the suites around it (file first). */
function eachTest(report, visit) {
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) for (const test of spec.tests ?? []) visit(test, spec, titles, suite);
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
}

/** A script that writes `{ passed, failed }` to `.test-reports/<report>` (one test per check). */
const checkScript = (name, script, report) => async () => {
  const out = path.join(reports, report);
  await rm(out, { force: true });
  const code = await run(process.execPath, [script]);
  const json = await readJson(out);
  if (!json) return { name, passed: 0, failed: 1, skipped: 0, note: `no report (exit ${code})` };
  return { name, passed: json.passed, failed: json.failed + (code !== 0 && json.failed === 0 ? 1 : 0), skipped: 0 };
};

const STEPS = {
  typecheck: single('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']),
  lint: single('lint', bin('eslint'), ['.']),
  vitest: vitestStep,
  build: single('build', process.execPath, ['scripts/build.mjs']),
  // After build: packs the built app for Linux against a stub Electron and checks the archive.
  package: checkScript('package (linux dir, stub Electron)', 'scripts/check-package.mjs', 'package.json'),
  security: checkScript('security (electronegativity)', 'scripts/security-scan.mjs', 'security.json'),
  e2e: playwrightStep('e2e (Chromium)', 'playwright.config.ts', 'e2e.json'),
  electron: playwrightStep('electron', 'playwright.electron.config.ts', 'electron.json'),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(STEPS);
const unknown = names.filter((n) => !(n in STEPS));
if (unknown.length > 0) {
  console.error(`unknown step(s): ${unknown.join(', ')}; known: ${Object.keys(STEPS).join(', ')}`);
  process.exit(2);
}

await mkdir(reports, { recursive: true });
const results = [];
for (const name of names) {
  console.log(`\n━━ ${name} ━━`);
  results.push(await STEPS[name]());
}

console.log('\n━━ summary ━━');
for (const r of results) {
  for (const line of r.failures ?? []) console.log(`  FAILED ${r.name}: ${line}`);
}
for (const r of results) {
  console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.note ? ` (${r.note})` : ''}`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
