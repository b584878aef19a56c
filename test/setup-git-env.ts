/**
 * Isolate every test from the developer's own git configuration.
 *
 * Engine code spawns git with the inherited environment; a global `status.showUntrackedFiles=no`
 * or a signing hook on a developer's machine must not change test results.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
