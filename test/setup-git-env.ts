/**
 * Isolate every test from the developer's own git configuration and shell startup files.
 *
 * Engine code spawns git with the inherited environment; a global `status.showUntrackedFiles=no`
 * or a signing hook on a developer's machine must not change test results.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLAIN_SHELL } from './helpers/plain-shell.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ao-gitconfig-'));
const globalConfig = path.join(dir, 'gitconfig');
writeFileSync(
  globalConfig,
  '[user]\n\tname = Agent Orchestrator Tests\n\temail = tests@agent-orchestrator.invalid\n[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n',
);
process.env.GIT_CONFIG_GLOBAL = globalConfig;
process.env.GIT_CONFIG_NOSYSTEM = '1';

// The engine reads agents' usage logs from these folders: never the developer's real ones.
for (const name of ['CODEX_HOME', 'CLAUDE_CONFIG_DIR', 'GEMINI_DIR']) {
  process.env[name] = path.join(dir, name.toLowerCase());
}

// Sessions without a command open $SHELL: bash without the machine's startup files, whose
// `pyenv init` can wait a minute on a stale lock (see test/fixtures/shell/plain-bash).
process.env.SHELL = PLAIN_SHELL;
