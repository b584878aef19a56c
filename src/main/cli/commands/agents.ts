/**
 * `agent-orchestrator agents [--json] [--repo PATH]`: the agents the app can launch, their
 * commands, whether each is installed on this machine, and the installed built-in CLIs' versions
 * (their `--version`, cached by the engine until the executable changes).
 *
 * Built-in profiles, custom agents from the app's settings, and with `--repo` the `agents` of
 * that repository's `agent-orchestrator.json` once the repository is trusted (`agent-orchestrator
 * trust`; the repository is registered with the app, as
 * every command's `--repo` does). A command is "installed" when it is found on PATH (or at its
 * path). Exit codes: 0 listed, 1 the repository config is invalid or not a repository, 2 wrong usage.
 */
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { AgentProfileInfo } from '../../../shared/protocol/agents.ts';
import { withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';

export async function agentsCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' }, repo: { type: 'string' } });
  return withEngine(async ({ client }) => {
    const fail = (error: AppError): number => {
      process.stderr.write(`agent-orchestrator agents: ${errorText(error)}\n`);
      return 1;
    };
    let repoId: string | undefined;
    if (values.repo !== undefined) {
      const repo = await client.repos.resolve({ path: path.resolve(values.repo), register: true });
      if (!repo.ok) return fail(repo.error);
      // The engine leaves a broken config's agents out; here the user asked about that file.
      const config = await client.worktrees.config({ repoId: repo.value.id });
      if (!config.ok) return fail(config.error);
      repoId = repo.value.id;
    }
    const infos = await client.agents.profiles(repoId === undefined ? {} : { repoId });
    if (!infos.ok) return fail(infos.error);
    process.stdout.write(values.json ? `${JSON.stringify(infos.value, null, 2)}\n` : renderAgents(infos.value));
    return 0;
  });
}

/** The table: one agent per line, then how to install the missing built-in ones. */
export function renderAgents(infos: readonly AgentProfileInfo[]): string {
  const rows = infos.map((info) => [
    info.id,
    info.name,
    [info.command, ...info.args].join(' '),
    info.installed ? `yes  ${info.path ?? ''}` : 'no',
    info.version ?? '',
    info.source,
  ]);
  const header = ['AGENT', 'NAME', 'COMMAND', 'INSTALLED', 'VERSION', 'FROM'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  const missing = infos.filter((info) => !info.installed && info.installHint);
  const hints = missing.map((info) => `  ${info.id}: ${info.installHint}`);
  return [line(header), ...rows.map(line), ...(hints.length > 0 ? ['', 'To install:', ...hints] : [])].join('\n') + '\n';
}
