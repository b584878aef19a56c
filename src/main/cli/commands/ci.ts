/**
 * `agent-orchestrator ci`: pull requests and checks of every worktree branch; local checks and
 * the auto-triage toggle.
 *
 *   ci [--repo PATH] [--json]          one line per worktree branch (PR, checks, triage)
 *   ci check [PATH]                    run the repository's `check` commands in a worktree now
 *   ci auto-triage on|off [PATH]       send failing checks back to that worktree's agent
 *
 * Reads GitHub fresh (conditional requests) through the engine serving the data folder, or a
 * one-shot engine in-process. `--json` prints, per worktree branch:
 * `{ branch, worktree, pr: { number, url, state, base } | null, checks: { state, failing: [{ name, url }] } }`.
 * Exit codes: 0 done (checks may still be red), 1 an error (no token, 401, not a worktree…), 2 wrong usage.
 */
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { CiStatus, CiWorktree, LocalChecks } from '../../../shared/protocol/ci.ts';
import type { EngineClient } from '../../../shared/protocol/index.ts';
import { withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { plural } from '../../../shared/plural.ts';
import { asksForHelp, CI_HELP, helpFor } from '../command-help.ts';

/** The `--json` shape of one worktree branch (issue 16). */
export interface CiJsonEntry {
  branch: string;
  worktree: string;
  pr: { number: number; url: string; state: string; base: string } | null;
  checks: { state: 'none' | 'pending' | 'success' | 'failure'; failing: { name: string; url: string | null }[] };
}

/** The subcommands, each with its `--help` text in command-help.ts (the CLI start test checks both lists agree). */
export const CI_SUBCOMMANDS = ['check', 'auto-triage'] as const;

export async function ciCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (asksForHelp(args)) {
    process.stdout.write(helpFor('ci', args) ?? CI_HELP);
    return 0;
  }
  if (sub === 'check') return checkCommand(rest);
  if (sub === 'auto-triage') return autoTriageCommand(rest);
  return statusCommand(args);
}

async function statusCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' }, repo: { type: 'string' } });
  return withEngine(async ({ client }) => {
    let repoId: string | undefined;
    if (values.repo !== undefined) {
      const repo = await client.repos.resolve({ path: path.resolve(values.repo), register: true });
      if (!repo.ok) return fail(repo.error);
      repoId = repo.value.id;
    }
    const status = await client.ci.status({ refresh: true, ...(repoId === undefined ? {} : { repoId }) });
    if (!status.ok) return fail(status.error);
    process.stdout.write(values.json ? `${JSON.stringify(ciJson(status.value), null, 2)}\n` : renderCi(status.value));
    const problem = status.value.github.problem;
    if (problem) process.stderr.write(`agent-orchestrator ci: ${errorText(problem)}\n`);
    if (status.value.github.limitedUntil) {
      process.stderr.write(`agent-orchestrator ci: ${errorText({ kind: 'GITHUB_RATE_LIMITED', resetAt: status.value.github.limitedUntil })}\n`);
    }
    return problem ? 1 : 0;
  });
}

async function checkCommand(args: string[]): Promise<number> {
  const { positionals } = parseFlags(args, {}, true);
  if (positionals.length > 1) throw new UsageError('give one worktree path');
  const worktree = path.resolve(positionals[0] ?? '.');
  return withEngine(async ({ client }) => {
    await registerRepoOf(client, worktree);
    process.stdout.write(`running the checks in ${worktree}…\n`);
    const result = await client.ci.runChecks({ worktree });
    if (!result.ok) return fail(result.error);
    process.stdout.write(renderLocal(result.value));
    if (result.value.state === 'failure') {
      const log = await client.ci.failureLog({ worktree });
      if (log.ok && log.value) process.stdout.write(`${log.value.log}\n`);
    }
    return result.value.state === 'failure' ? 1 : 0;
  });
}

async function autoTriageCommand(args: string[]): Promise<number> {
  const { positionals } = parseFlags(args, {}, true);
  const [mode, where, ...extra] = positionals;
  if ((mode !== 'on' && mode !== 'off') || extra.length > 0) throw new UsageError("say 'on' or 'off', then optionally a worktree path");
  const worktree = path.resolve(where ?? '.');
  return withEngine(async ({ client }) => {
    await registerRepoOf(client, worktree);
    const result = await client.ci.setAutoTriage({ worktree, enabled: mode === 'on' });
    if (!result.ok) return fail(result.error);
    process.stdout.write(`auto-triage ${mode} for ${result.value.branch ?? result.value.worktree}\n`);
    return 0;
  });
}

/** The worktree's repository must be registered for the engine to know the worktree. */
async function registerRepoOf(client: EngineClient, worktree: string): Promise<void> {
  await client.repos.resolve({ path: worktree, register: true });
}

function fail(error: AppError): number {
  process.stderr.write(`agent-orchestrator ci: ${errorText(error)}\n`);
  return 1;
}

/** Worktrees on a branch, in the issue's JSON shape. */
export function ciJson(status: CiStatus): CiJsonEntry[] {
  return status.worktrees
    .filter((w): w is CiWorktree & { branch: string } => w.branch !== null)
    .map((w) => ({
      branch: w.branch,
      worktree: w.worktree,
      pr: w.pr ? { number: w.pr.number, url: w.pr.url, state: w.pr.state, base: w.pr.base } : null,
      checks: { state: w.checks.state, failing: w.checks.failing.map((f) => ({ name: f.name, url: f.url })) },
    }));
}

/** The table, then the failing checks with their links. */
export function renderCi(status: CiStatus): string {
  const rows = status.worktrees
    .filter((w) => w.branch !== null)
    .map((w) => [
      w.branch!,
      w.pr ? `#${w.pr.number} ${w.pr.state} → ${w.pr.base}` : w.upstream ? 'no PR' : 'not pushed',
      w.checks.state + (w.local.state !== 'none' ? ` (local ${w.local.state})` : ''),
      w.triage.enabled ? triageText(w) : 'off',
      w.worktree,
    ]);
  if (rows.length === 0) return 'No worktree branches. Register a repository with --repo PATH.\n';
  const header = ['BRANCH', 'PR', 'CHECKS', 'AUTO-TRIAGE', 'WORKTREE'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  const out = [line(header), ...rows.map(line)];
  for (const w of status.worktrees) {
    for (const failing of w.checks.failing) out.push(`  ✗ ${w.branch}: ${failing.name}${failing.url ? `  ${failing.url}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

function triageText(w: CiWorktree): string {
  switch (w.triage.phase) {
    case 'escalated':
      return 'escalated';
    case 'waiting':
      return `waiting (${w.triage.waitingFor ?? '…'})`;
    case 'sent':
      return `triaging ${w.triage.attempts}/${w.triage.maxAttempts}`;
    default:
      return 'on';
  }
}

function renderLocal(local: LocalChecks): string {
  if (local.state === 'success') return `✓ ${plural(local.commands.length, 'check command')} passed\n`;
  return `✗ ${local.failed ?? 'a check'} failed (exit ${local.exitCode ?? '?'})\n`;
}
