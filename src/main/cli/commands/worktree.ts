/**
 * `agent-orchestrator worktree …`: list, create, remove, archive, restore, prune, bootstrap and
 * show the config of a repository's worktrees from the command line.
 *
 * Talks to the engine serving the data folder when one runs (so the open app shows the change at
 * once and runs the setup), otherwise to a one-shot engine in this process (see
 * `../engine-client.ts`). The repository is the one containing `--repo` (default: the current folder); it is registered
 * with the app if it was not yet. Exit codes: 0 done, 1 the operation failed (or the new
 * worktree's setup failed; the worktree is kept), 2 wrong usage.
 */
import path from 'node:path';
import { worktreeSlug } from '../../../shared/worktree-slug.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { Repo } from '../../../shared/protocol/repos.ts';
import type { BootstrapState, Worktree, WorktreeBase } from '../../../shared/protocol/worktrees.ts';
import type { Result } from '../../../shared/result.ts';
import type { EngineClient } from '../../../shared/protocol/index.ts';
import { withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { grantShown } from './trust.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { processIo, type Io } from '../io.ts';
import { plural } from '../../../shared/plural.ts';
import { asksForHelp } from '../asks-for-help.ts';

/** How often `create` polls the bootstrap log while streaming it. */
const LOG_POLL_MS = 100;

/** The subcommands, each with its `--help` text in command-help.ts (the CLI start test checks both lists agree). */
export const SUBCOMMANDS = ['list', 'create', 'remove', 'archive', 'restore', 'prune', 'archives', 'bootstrap', 'config'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

export async function worktreeCommand(args: string[], io: Io = processIo): Promise<number> {
  const [sub, ...rest] = args;
  // The help texts load only when asked for: a listing never compiles them (issue 14, CLI start).
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.out((await import('../command-help.ts')).WORKTREE_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (asksForHelp(rest)) {
    const { helpFor, WORKTREE_HELP } = await import('../command-help.ts');
    io.out(helpFor('worktree', args) ?? WORKTREE_HELP);
    return 0;
  }
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new UsageError(`unknown subcommand '${sub}'; expected one of ${SUBCOMMANDS.join(', ')}`);
  }
  const { values, positionals } = parseFlags(
    rest,
    {
      repo: { type: 'string' },
      json: { type: 'boolean' },
      from: { type: 'string' },
      target: { type: 'string' },
      branch: { type: 'string' },
      force: { type: 'boolean' },
      'stop-sessions': { type: 'boolean' },
      'delete-branch': { type: 'boolean' },
      'no-bootstrap': { type: 'boolean' },
      trust: { type: 'boolean' },
    },
    true,
  );
  const json = values.json === true;
  const needsName = !['list', 'archives', 'config'].includes(sub);
  if (needsName && positionals.length !== 1) throw new UsageError(`'worktree ${sub}' takes exactly one name or path`);
  if (!needsName && positionals.length > 0) throw new UsageError(`'worktree ${sub}' takes no arguments`);

  return withEngine(async ({ client: engine }) => {
    const repo = await engine.repos.resolve({ path: path.resolve(values.repo ?? process.cwd()), register: true });
    if (!repo.ok) return fail(io, repo.error, json);
    if (values.trust === true) {
      // Printed before anything runs, so the user sees exactly what was trusted.
      const trusted = await grantShown(engine.trust, repo.value.id, json ? null : io);
      if (!trusted.ok) return fail(io, trusted.error, json);
    }
    const context: Context = { engine, repo: repo.value, io, json, values, arg: positionals[0] ?? '' };
    return SUBCOMMAND_RUNNERS[sub as Subcommand](context);
  });
}

/** `--force` implies `--stop-sessions`: a forced remove must not leave processes in a deleted folder. */
function stopSessions(values: Context['values']): boolean {
  return values['stop-sessions'] === true || values.force === true;
}

interface Context {
  engine: EngineClient;
  repo: Repo;
  io: Io;
  json: boolean;
  values: {
    from?: string;
    target?: string;
    branch?: string;
    force?: boolean;
    'stop-sessions'?: boolean;
    'delete-branch'?: boolean;
    'no-bootstrap'?: boolean;
  };
  /** The one positional argument (name or path), '' when none. */
  arg: string;
}

const SUBCOMMAND_RUNNERS: Record<Subcommand, (context: Context) => Promise<number>> = {
  async list({ engine, repo, io, json }) {
    const listed = await engine.worktrees.list({ repoId: repo.id });
    if (!listed.ok) return fail(io, listed.error, json);
    if (json) return print(io, listed.value);
    const rows = listed.value.map((worktree) => [
      worktree.isMain ? `${path.basename(worktree.path)} (main)` : path.basename(worktree.path),
      worktree.branch ?? `(detached ${worktree.head?.slice(0, 8) ?? 'unborn'})`,
      worktree.target ?? '-',
      stateLabel(worktree),
      worktree.path,
    ]);
    io.out(table([['NAME', 'BRANCH', 'TARGET', 'STATE', 'PATH'], ...rows]));
    return 0;
  },

  async create({ engine, repo, io, json, values, arg }) {
    const base = await resolveBase(engine, repo, values.from);
    const created = await engine.worktrees.create({
      repoId: repo.id,
      name: arg,
      ...(values.branch !== undefined ? { branch: values.branch } : {}),
      ...(values.target !== undefined ? { target: values.target } : {}),
      base,
      bootstrap: values['no-bootstrap'] !== true,
    });
    if (!created.ok) return fail(io, created.error, json);
    const { worktree } = created.value;
    if (!json) io.out(`Created ${worktree.path} on branch ${worktree.branch}${worktree.target ? ` (target ${worktree.target})` : ''}\n`);
    const final = created.value.bootstrap ? await followBootstrap(engine, worktree.path, json ? null : io) : null;
    if (json) {
      const refreshed = (await describe(engine, repo, worktree.path)) ?? worktree;
      print(io, { worktree: refreshed, bootstrap: final });
    }
    if (final?.status === 'failed') {
      if (!json) io.err(`setup failed: ${final.error ?? 'see the log'}; the worktree is kept. Log: ${final.logFile}\n`);
      return 1;
    }
    return 0;
  },

  async remove({ engine, repo, io, json, values, arg }) {
    const target = await findWorktree(engine, repo, arg);
    if (!target.ok) return fail(io, target.error, json);
    const removed = await engine.worktrees.remove({
      repoId: repo.id,
      path: target.value.path,
      force: values.force === true,
      stopSessions: stopSessions(values),
      deleteBranch: values['delete-branch'] === true,
    });
    if (!removed.ok) return fail(io, removed.error, json);
    if (json) return print(io, removed.value);
    reportTeardown(io, removed.value.teardown);
    const kept = removed.value.branch && !removed.value.branchDeleted ? `; branch ${removed.value.branch} kept` : '';
    io.out(`Removed ${removed.value.path}${kept}\n`);
    return 0;
  },

  async archive({ engine, repo, io, json, values, arg }) {
    const target = await findWorktree(engine, repo, arg);
    if (!target.ok) return fail(io, target.error, json);
    const archived = await engine.worktrees.archive({
      repoId: repo.id,
      path: target.value.path,
      force: values.force === true,
      stopSessions: stopSessions(values),
    });
    if (!archived.ok) return fail(io, archived.error, json);
    if (json) return print(io, archived.value);
    reportTeardown(io, archived.value.teardown);
    const { archive } = archived.value;
    const kept = archived.value.ignoredKept ?? [];
    if (kept.length > 0) io.out(`Kept ${plural(kept.length, 'ignored file or folder', 'ignored files or folders')} in the archive: ${kept.join(', ')}\n`);
    io.out(
      `Archived ${archive.path} as ${archive.name} (${archive.hasChanges ? 'with uncommitted changes' : 'no uncommitted changes'}, ${archive.ref})\n` +
        `Restore with: agent-orchestrator worktree restore ${archive.name}\n`,
    );
    return 0;
  },

  async restore({ engine, repo, io, json, values, arg }) {
    const archives = await engine.worktrees.archives({ repoId: repo.id });
    if (!archives.ok) return fail(io, archives.error, json);
    const isArchive = archives.value.some((archive) => archive.name === arg);
    let input: { archive: string } | { path: string };
    if (isArchive) {
      input = { archive: arg };
    } else {
      const target = await findWorktree(engine, repo, arg);
      if (!target.ok) return fail(io, target.error.kind === 'WORKTREE_NOT_FOUND' ? { kind: 'ARCHIVE_NOT_FOUND', name: arg } : target.error, json);
      input = { path: target.value.path };
    }
    const restored = await engine.worktrees.restore({ repoId: repo.id, ...input, bootstrap: values['no-bootstrap'] !== true });
    if (!restored.ok) return fail(io, restored.error, json);
    const { worktree } = restored.value;
    if (!json) io.out(`Restored ${worktree.path}${worktree.branch ? ` on branch ${worktree.branch}` : ''}\n`);
    const final = restored.value.bootstrap ? await followBootstrap(engine, worktree.path, json ? null : io) : null;
    if (json) print(io, { worktree: (await describe(engine, repo, worktree.path)) ?? worktree, bootstrap: final });
    return final?.status === 'failed' ? 1 : 0;
  },

  async prune({ engine, repo, io, json, arg }) {
    const target = await findWorktree(engine, repo, arg);
    if (!target.ok) return fail(io, target.error, json);
    const pruned = await engine.worktrees.prune({ repoId: repo.id, path: target.value.path });
    if (!pruned.ok) return fail(io, pruned.error, json);
    if (json) return print(io, pruned.value);
    io.out(`Pruned ${pruned.value.path}\n`);
    return 0;
  },

  async archives({ engine, repo, io, json }) {
    const archives = await engine.worktrees.archives({ repoId: repo.id });
    if (!archives.ok) return fail(io, archives.error, json);
    if (json) return print(io, archives.value);
    if (archives.value.length === 0) {
      io.out('No archived worktrees.\n');
      return 0;
    }
    io.out(
      table([
        ['NAME', 'BRANCH', 'CHANGES', 'ARCHIVED', 'PATH'],
        ...archives.value.map((a) => [a.name, a.branch ?? '(detached)', a.hasChanges ? 'yes' : 'no', a.createdAt, a.path]),
      ]),
    );
    return 0;
  },

  async bootstrap({ engine, repo, io, json, arg }) {
    const target = await findWorktree(engine, repo, arg);
    if (!target.ok) return fail(io, target.error, json);
    const started = await engine.worktrees.bootstrap({ repoId: repo.id, path: target.value.path });
    if (!started.ok) return fail(io, started.error, json);
    const final = await followBootstrap(engine, target.value.path, json ? null : io);
    if (json) print(io, final);
    return final?.status === 'ready' ? 0 : 1;
  },

  async config({ engine, repo, io, json }) {
    const config = await engine.worktrees.config({ repoId: repo.id });
    if (!config.ok) return fail(io, config.error, json);
    if (json) return print(io, config.value);
    const { files } = config.value;
    io.out(`# ${files.repo.path}${files.repo.exists ? '' : ' (not present)'}\n# ${files.user.path}${files.user.exists ? '' : ' (not present)'}\n`);
    io.out(JSON.stringify(config.value.config, null, 2) + '\n');
    return 0;
  },
};

/** `--from`: a worktree (by folder name or path) if one matches, else a branch or commit. */
async function resolveBase(engine: EngineClient, repo: Repo, from: string | undefined): Promise<WorktreeBase> {
  if (from === undefined) return { kind: 'default' };
  const listed = await engine.worktrees.list({ repoId: repo.id });
  if (listed.ok) {
    const asPath = path.resolve(from);
    const match = listed.value.find((worktree) => worktree.path === asPath || (!from.includes('/') && path.basename(worktree.path) === from));
    if (match && (path.isAbsolute(from) || from.startsWith('.') || match.branch !== from)) return { kind: 'worktree', path: match.path };
  }
  return { kind: 'ref', ref: from };
}

/** A worktree of the repository by folder name or path. */
async function findWorktree(engine: EngineClient, repo: Repo, nameOrPath: string): Promise<Result<Worktree>> {
  const listed = await engine.worktrees.list({ repoId: repo.id });
  if (!listed.ok) return listed;
  const asPath = path.resolve(nameOrPath);
  const byPath = listed.value.find((worktree) => worktree.path === asPath);
  if (byPath) return { ok: true, value: byPath };
  // By the name as typed at creation too: "my feature" made the folder my-feature.
  const names = new Set([nameOrPath, worktreeSlug(nameOrPath)]);
  const byName = listed.value.filter((worktree) => !worktree.isMain && names.has(path.basename(worktree.path)));
  if (byName.length === 1) return { ok: true, value: byName[0]! };
  if (byName.length > 1) return { ok: false, error: { kind: 'INVALID_INPUT', message: `several worktrees are called ${nameOrPath}; give the path` } };
  return { ok: false, error: { kind: 'WORKTREE_NOT_FOUND', path: nameOrPath } };
}

/** A worktree's current listing entry (after its setup, to report the final state). */
async function describe(engine: EngineClient, repo: Repo, worktreePath: string): Promise<Worktree | null> {
  const listed = await engine.worktrees.list({ repoId: repo.id });
  return listed.ok ? (listed.value.find((worktree) => worktree.path === worktreePath) ?? null) : null;
}

/**
 * Stream a bootstrap's log to `io` (null: just wait) and return its final state. The setup runs
 * in the engine, so it goes on if this command is interrupted.
 */
export async function followBootstrap(engine: EngineClient, worktreePath: string, io: Io | null): Promise<BootstrapState | null> {
  let offset = 0;
  for (;;) {
    const log = await engine.worktrees.bootstrapLog({ path: worktreePath, offset });
    if (!log.ok) return null;
    if (io && log.value.text !== '') io.out(log.value.text);
    offset = log.value.nextOffset;
    const state = log.value.state;
    const finished = state === null || state.status === 'ready' || state.status === 'failed';
    // Read once more after the end: the last lines may have been written with the final state.
    if (finished && log.value.text === '') return state;
    if (log.value.text === '') await new Promise((resolve) => setTimeout(resolve, LOG_POLL_MS));
  }
}

function reportTeardown(io: Io, teardown: { ok: boolean; failed: string | null; output: string } | null): void {
  if (!teardown) return;
  io.out(teardown.output);
  if (!teardown.ok) io.err(`teardown command failed: ${teardown.failed}\n`);
}

function stateLabel(worktree: Worktree): string {
  const parts: string[] = [];
  if (worktree.missing || worktree.prunable) parts.push('missing');
  else if (worktree.dirty) parts.push('dirty');
  else if (worktree.dirty === false) parts.push('clean');
  if (worktree.locked) parts.push('locked');
  if (worktree.bootstrap) parts.push(`setup:${worktree.bootstrap.status}`);
  if (worktree.ports && worktree.ports.length > 0) parts.push(`port:${worktree.ports[0]}`);
  return parts.join(',') || '-';
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return rows
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '))
    .join('\n')
    .concat('\n');
}

function print(io: Io, value: unknown): number {
  io.out(JSON.stringify(value, null, 2) + '\n');
  return 0;
}

/** Print an engine error (as JSON `{ "error": … }` with --json) and return exit code 1. */
function fail(io: Io, error: AppError, json: boolean): number {
  if (json) io.out(JSON.stringify({ error }, null, 2) + '\n');
  io.err(`agent-orchestrator worktree: ${errorText(error)}\n`);
  return 1;
}
