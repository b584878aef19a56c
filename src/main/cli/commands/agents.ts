/**
 * `agent-orchestrator agents [--json] [--repo PATH]`: the agents the app can launch, their
 * commands, and whether each is installed on this machine.
 *
 * Runs in-process (no engine needed): built-in profiles, custom agents from the app's settings
 * (`settings.json` in the data directory), and with `--repo` the `agents` of that repository's
 * `agent-orchestrator.json`. A command is "installed" when it is found on PATH (or at its path).
 * Exit codes: 0 listed, 1 the repository config is invalid or not a repository, 2 wrong usage.
 */
import path from 'node:path';
import type { AgentProfileInfo } from '../../../shared/protocol/agents.ts';
import { describeProfile } from '../../engine/agents/profiles/describe-profile.ts';
import { resolveProfiles, type RepoAgentEntry } from '../../engine/agents/profiles/resolve-profiles.ts';
import { defaultHome } from '../../engine/paths.ts';
import { loadRepoConfig } from '../../engine/repo-config/repo-config.ts';
import { resolveMainWorktree } from '../../engine/repos/resolve-main-worktree.ts';
import { SettingsService } from '../../engine/settings/settings-service.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';

export async function agentsCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' }, repo: { type: 'string' } });
  const home = defaultHome();
  const settings = new SettingsService({ home });
  await settings.load();

  let repo: Readonly<Record<string, RepoAgentEntry>> | undefined;
  let cwd = process.cwd();
  if (values.repo !== undefined) {
    const main = await resolveMainWorktree(path.resolve(values.repo));
    if (!main.ok) {
      process.stderr.write(`agent-orchestrator agents: ${errorText(main.error)}\n`);
      return 1;
    }
    const config = await loadRepoConfig(main.value, home);
    if (!config.ok) {
      process.stderr.write(`agent-orchestrator agents: ${errorText(config.error)}\n`);
      return 1;
    }
    repo = config.value.config.agents;
    cwd = main.value;
  }

  const profiles = resolveProfiles({ settings: settings.get().agents.custom, ...(repo ? { repo } : {}) });
  const infos = await Promise.all(profiles.map((profile) => describeProfile(profile, cwd, process.env)));
  process.stdout.write(values.json ? `${JSON.stringify(infos, null, 2)}\n` : renderAgents(infos));
  return 0;
}

/** The table: one agent per line, then how to install the missing built-in ones. */
export function renderAgents(infos: readonly AgentProfileInfo[]): string {
  const rows = infos.map((info) => [
    info.id,
    info.name,
    [info.command, ...info.args].join(' '),
    info.installed ? `yes  ${info.path ?? ''}` : 'no',
    info.source,
  ]);
  const header = ['AGENT', 'NAME', 'COMMAND', 'INSTALLED', 'FROM'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const missing = infos.filter((info) => !info.installed && info.installHint);
  const hints = missing.map((info) => `  ${info.id}: ${info.installHint}`);
  return [line(header), ...rows.map(line), ...(hints.length > 0 ? ['', 'To install:', ...hints] : [])].join('\n') + '\n';
}
