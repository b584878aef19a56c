/**
 * `agent-orchestrator map | contains | target`: the merged-status map, fix presence, and a
 * branch's target, from the command line.
 *
 * Talks to the running engine, or runs a one-shot engine in-process (`withEngine`), so it works
 * with or without the app. `--json` prints exactly the shapes documented in the README (scripts depend on them); without
 * it, readable tables. Errors are one line on stderr with exit 1 (with `--json`, also
 * `{ "error": … }` on stdout); wrong usage exits 2.
 */
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { FixPresence, GitMap, RepoRef } from '../../../shared/protocol/git-map.ts';
import { errorText } from '../error-text.ts';
import type { EngineClient } from '../../../shared/protocol/index.ts';
import { withEngine } from '../engine-client.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { processIo, type Io } from '../io.ts';

/** The running engine's `gitMap` procedures, or an in-process one-shot engine's. */
export type GitMapClient = EngineClient['gitMap'];

/** `map [--repo PATH] [--target NAME] [--json]` */
export function mapCommand(args: string[], io: Io = processIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { repo: { type: 'string' }, json: { type: 'boolean' }, target: { type: 'string' } }, true);
  if (positionals.length > 0) throw new UsageError(`'map' takes no arguments, got '${positionals[0]}'`);
  return withEngine(({ client }) => runMap(client.gitMap, repoRef(values.repo), { json: values.json === true, target: values.target ?? null }, io));
}

/** `contains COMMIT [--repo PATH] [--json]` */
export function containsCommand(args: string[], io: Io = processIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { repo: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError("'contains' takes exactly one commit (a sha, branch or tag)");
  return withEngine(({ client }) => runContains(client.gitMap, repoRef(values.repo), positionals[0]!, values.json === true, io));
}

/** `target BRANCH TARGET [--repo PATH]` or `target BRANCH --unset` */
export function targetCommand(args: string[], io: Io = processIo): Promise<number> {
  const { values, positionals } = parseFlags(args, { repo: { type: 'string' }, unset: { type: 'boolean' }, json: { type: 'boolean' } }, true);
  const unset = values.unset === true;
  if (positionals.length !== (unset ? 1 : 2)) throw new UsageError("usage: 'target BRANCH TARGET' or 'target BRANCH --unset'");
  const [branch, target] = positionals as [string, string | undefined];
  return withEngine(async ({ client }) => {
    const result = await client.gitMap.setTarget({ repo: repoRef(values.repo), branch, target: unset ? null : target! });
    if (!result.ok) return fail(io, 'target', result.error, values.json === true);
    if (values.json === true) io.out(JSON.stringify({ branch, target: unset ? null : target }) + '\n');
    else io.out(unset ? `${branch}: target removed (it now merges into the default branch)\n` : `${branch} → ${target}\n`);
    return 0;
  });
}

export async function runMap(client: GitMapClient, repo: RepoRef, options: { json: boolean; target: string | null }, io: Io): Promise<number> {
  const result = await client.map({ repo, freshDirty: true });
  if (!result.ok) return fail(io, 'map', result.error, options.json);
  let map = result.value;
  if (options.target !== null) {
    if (!map.targets.includes(options.target)) return fail(io, 'map', { kind: 'TARGET_NOT_FOUND', branch: options.target }, options.json);
    map = onlyTarget(map, options.target);
  }
  for (const missing of map.missingTargets) io.err(`agent-orchestrator map: warning: configured target ${missing} does not exist\n`);
  io.out(options.json ? JSON.stringify(mapJson(map), null, 2) + '\n' : mapTable(map));
  return 0;
}

export async function runContains(client: GitMapClient, repo: RepoRef, commit: string, json: boolean, io: Io): Promise<number> {
  const result = await client.contains({ repo, commit });
  if (!result.ok) return fail(io, 'contains', result.error, json);
  io.out(json ? JSON.stringify(containsJson(result.value), null, 2) + '\n' : containsTable(result.value));
  return 0;
}

/** The documented `map --json` shape, and nothing else. */
export function mapJson(map: GitMap) {
  return {
    repo: map.repo,
    targets: map.targets,
    branches: map.branches.map((branch) => ({
      branch: branch.branch,
      worktree: branch.worktree,
      head: branch.head,
      target: branch.target,
      dirty: branch.dirty,
      status: Object.fromEntries(
        Object.entries(branch.status).map(([target, s]) => [target, { state: s.state, ahead: s.ahead, behind: s.behind, conflicts: s.conflicts }]),
      ),
    })),
  };
}

/** The documented `contains --json` shape. */
export function containsJson(presence: FixPresence) {
  return {
    commit: presence.commit,
    branches: presence.branches.map((entry) => ({ branch: entry.branch, worktree: entry.worktree, presence: entry.presence })),
  };
}

function onlyTarget(map: GitMap, target: string): GitMap {
  return {
    ...map,
    targets: [target],
    branches: map.branches.map((branch) => ({ ...branch, status: { [target]: branch.status[target]! } })),
  };
}

function mapTable(map: GitMap): string {
  const header = ['BRANCH', 'WORKTREE', 'TARGET', ...map.targets];
  const rows = map.branches.map((branch) => [
    branch.branch ?? `(detached ${branch.head.slice(0, 8)})`,
    (branch.worktree ? relative(map.repo, branch.worktree) : '-') + (branch.dirty ? ' *' : ''),
    branch.target ?? '-',
    ...map.targets.map((target) => {
      const status = branch.status[target];
      if (!status) return '?';
      const counts = [status.ahead ? `+${status.ahead}` : '', status.behind ? `-${status.behind}` : ''].filter(Boolean).join(' ');
      return [status.state, counts, status.conflicts ? 'conflicts' : ''].filter(Boolean).join(' ');
    }),
  ]);
  const footer = `\n${map.repo}  (* = uncommitted changes; +ahead -behind the target)\n`;
  return (rows.length === 0 ? 'No worktree branches.\n' : table([header, ...rows])) + footer;
}

function containsTable(presence: FixPresence): string {
  const rows = presence.branches.map((entry) => [
    (entry.branch ?? `(detached ${entry.head.slice(0, 8)})`) + (entry.isTarget ? ' (target)' : ''),
    entry.worktree ?? '-',
    entry.presence,
  ]);
  return `${presence.commit.slice(0, 12)} ${presence.subject}\n\n${table([['BRANCH', 'WORKTREE', 'PRESENCE'], ...rows])}`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}

function relative(repo: string, worktree: string): string {
  const rel = path.relative(repo, worktree);
  return rel === '' ? '.' : rel;
}

function repoRef(repo: string | undefined): RepoRef {
  return { path: path.resolve(repo ?? process.cwd()) };
}

function fail(io: Io, command: string, error: AppError, json: boolean): number {
  if (json) io.out(JSON.stringify({ error }, null, 2) + '\n');
  io.err(`agent-orchestrator ${command}: ${errorText(error)}\n`);
  return 1;
}
