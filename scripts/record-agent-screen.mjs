#!/usr/bin/env node
/**
 * Record what a real agent CLI draws, as the engine's mirror sees it: the command runs in a
 * node-pty PTY (30 rows, the given columns) in a fresh git repository with HOME set to an empty
 * folder, its output is rendered by @xterm/headless (which answers the CLI's terminal queries,
 * as a client's xterm would), and each screen is saved once output has been quiet for 2.5 s.
 *
 *   node scripts/record-agent-screen.mjs "<command>" <cols> <out-prefix> [keys …]
 *
 * `<out-prefix>-0.txt` is the first screen; each further argument is typed after the screen
 * settles (`\r` Enter, `\e` Escape: `'\e[B'` is the down arrow) and saves the next screen.
 * Environment: REC_HOME uses that folder as HOME, EXTRA_ENV adds variables (JSON), FIRST_WAIT
 * is the minimum wait in ms before the first screen (the CLIs wait for terminal replies).
 * Install the CLIs outside the repository (`npm install --prefix /tmp/realclis …`) and put their
 * `.bin` first on PATH; never commit them. Codex 0.171 starts an app-server daemon under
 * `$HOME/.codex/packages/` that outlives its TUI: stop the processes of the temporary HOME
 * (printed at the end) by their ids when done.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import headless from '@xterm/headless';
import pty from 'node-pty';

const [command, colsArg, outPrefix, ...steps] = process.argv.slice(2);
if (!command || !colsArg || !outPrefix) {
  console.error('usage: record-agent-screen.mjs "<command>" <cols> <out-prefix> [keys …]');
  process.exit(2);
}
const cols = Number(colsArg);
const rows = 30;
const home = process.env.REC_HOME ?? mkdtempSync(path.join(os.tmpdir(), 'rec-home-'));
const repo = mkdtempSync(path.join(os.tmpdir(), 'rec-repo-'));
execFileSync('git', ['init', '-q', repo]);
writeFileSync(path.join(repo, 'README.md'), 'hello\n');
const env = { ...JSON.parse(process.env.EXTRA_ENV ?? '{}'), PATH: process.env.PATH, HOME: home, TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'C.UTF-8' };
const [file, ...args] = command.split(' ');
const term = new headless.Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
const child = pty.spawn(file, args, { cols, rows, cwd: repo, env, name: 'xterm-256color' });
let lastOutput = Date.now();
let exited = false;
child.onData((data) => {
  lastOutput = Date.now();
  term.write(data);
});
term.onData((reply) => {
  if (!exited) child.write(reply);
});
child.onExit(({ exitCode }) => {
  exited = true;
  console.error(`exited with ${exitCode}`);
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function settle(quietMs = 2500, maxMs = 40_000) {
  const start = Date.now();
  while (Date.now() - lastOutput < quietMs && Date.now() - start < maxMs) await sleep(200);
  await new Promise((resolve) => term.write('', resolve));
}
function screen() {
  const buffer = term.buffer.active;
  const lines = [];
  for (let row = 0; row < rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
  while (lines.length > 0 && lines.at(-1).trim() === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

mkdirSync(path.dirname(path.resolve(outPrefix)), { recursive: true });
await sleep(Number(process.env.FIRST_WAIT ?? 8000));
await settle();
let n = 0;
writeFileSync(`${outPrefix}-${n}.txt`, screen());
for (const keys of steps) {
  if (exited) break;
  child.write(keys.replace(/\\r/g, '\r').replace(/\\e/g, '\x1b'));
  await sleep(500);
  await settle();
  writeFileSync(`${outPrefix}-${++n}.txt`, screen());
}
console.error(`HOME ${home}, repository ${repo}`);
if (!exited) child.kill();
setTimeout(() => process.exit(0), 300);
