/**
 * `agent-orchestrator trust`: show exactly what a repository asks to run (setup and teardown
 * commands, agent entries with their environment, install scripts) and trust it with `--yes`,
 * or withdraw trust with `--revoke`. `worktree create|restore|bootstrap --trust` does the same
 * inline, printing what it trusts.
 *
 * A protocol client like every command (`withEngine`): a running engine is asked directly, so
 * the open app sees the change at once.
 */
import path from 'node:path';
import type { RepoTrust } from '../../../shared/protocol/trust.ts';
import type { Result } from '../../../shared/result.ts';
import { withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { processIo, type Io } from '../io.ts';

/** The `trust.*` procedures as the protocol client exposes them. */
export interface TrustApi {
  get(input: { repoId: string }): Promise<Result<RepoTrust>>;
  grant(input: { repoId: string; configHash: string }): Promise<Result<RepoTrust>>;
  revoke(input: { repoId: string }): Promise<Result<RepoTrust>>;
}

export async function trustCommand(args: string[], io: Io = processIo): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    repo: { type: 'string' },
    yes: { type: 'boolean' },
    revoke: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out((await import('../command-help.ts')).TRUST_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError("'trust' takes no arguments; use --repo PATH");
  if (values.yes && values.revoke) throw new UsageError('--yes and --revoke contradict each other');
  return withEngine(async ({ client }) => {
    const repo = await client.repos.resolve({ path: path.resolve(values.repo ?? process.cwd()), register: true });
    if (!repo.ok) return fail(io, errorText(repo.error));
    const repoId = repo.value.id;
    let result: Result<RepoTrust>;
    if (values.revoke) result = await client.trust.revoke({ repoId });
    else if (values.yes) result = await grantShown(client.trust, repoId, values.json ? null : io);
    else result = await client.trust.get({ repoId });
    if (!result.ok) return fail(io, errorText(result.error));
    if (values.json) io.out(JSON.stringify(result.value, null, 2) + '\n');
    else if (!values.yes) io.out(describeTrust(result.value));
    if (!values.yes && !values.revoke && !result.value.trusted && !values.json) {
      io.out(`\nTrust it with: agent-orchestrator trust --yes --repo ${JSON.stringify(result.value.path)}\n`);
    }
    return 0;
  });
}

/** Print what the repository asks for (to `io`, unless null), then trust exactly that content. */
export async function grantShown(api: TrustApi, repoId: string, io: Io | null): Promise<Result<RepoTrust>> {
  const current = await api.get({ repoId });
  if (!current.ok) return current;
  if (current.value.configProblem) {
    io?.err(`note: ${current.value.configProblem}\n`);
  }
  const granted = await api.grant({ repoId, configHash: current.value.configHash });
  if (granted.ok && io) io.out(`Trusted ${granted.value.path}:\n${describeRequests(granted.value)}`);
  return granted;
}

/** A human summary: status line plus every request. */
export function describeTrust(trust: RepoTrust): string {
  const status = trust.trusted
    ? `trusted (since ${trust.trustedAt})`
    : trust.changedSinceTrusted
      ? 'NOT trusted: agent-orchestrator.json changed since you trusted it'
      : 'NOT trusted';
  return `${trust.path}: ${status}\n${describeRequests(trust)}`;
}

function describeRequests(trust: RepoTrust): string {
  const lines: string[] = [];
  for (const command of trust.setup) lines.push(`  setup command:    ${command}`);
  for (const command of trust.teardown) lines.push(`  teardown command: ${command}`);
  for (const command of trust.check) lines.push(`  check command:    ${command}`);
  for (const agent of trust.agents) {
    const env = Object.entries(agent.env).map(([key, value]) => `${key}=${value}`);
    lines.push(
      `  agent ${agent.id}${agent.overridesBuiltin ? ' (replaces the built-in)' : ''}: ${[agent.command, ...agent.args].join(' ')}` +
        (env.length > 0 ? `  env: ${env.join(' ')}` : ''),
    );
  }
  for (const install of trust.installs) lines.push(`  install scripts:  ${install}`);
  if (trust.configProblem) lines.push(`  (config problem: ${trust.configProblem})`);
  if (lines.length === 0) lines.push('  (asks to run nothing)');
  return lines.join('\n') + '\n';
}

function fail(io: Io, message: string): number {
  io.err(`agent-orchestrator trust: ${message}\n`);
  return 1;
}
