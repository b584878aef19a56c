/**
 * Repository trust, the engine's gate for code a repository brings.
 *
 * A cloned repository's `agent-orchestrator.json` can name shell commands (`setup`, `teardown`),
 * agent entries (a command and an environment — `OPENAI_BASE_URL` pointing elsewhere — possibly
 * replacing a built-in agent's), and its package manifests can run install scripts. Until the
 * user trusts the repository none of that runs: setup is skipped, teardown is skipped, installs
 * use `--ignore-scripts`, and its agent entries are ignored. Trust is pinned to the hash of the
 * config's bytes, so a pulled change to the file asks again.
 *
 * Public API for other services (CI's local checks, agents, bootstrap):
 * - `isTrusted(repoId)` — may the repository's code run now?
 * - `check(repoId)` — the same as a Result: `REPO_NOT_TRUSTED` when not.
 * - `isTrustedContent(repoPath, configHash)` — for a caller that already loaded the config
 *   (`loadRepoConfig(...).configHash`), so the content that runs is the content that was trusted.
 * - `get`, `grant`, `revoke`, `onDidChange` for the UI and the CLI.
 */
import path from 'node:path';
import type { Repo } from '../../../shared/protocol/repos.ts';
import type { RepoTrust, TrustAgentEntry } from '../../../shared/protocol/trust.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { BUILTIN_PROFILES } from '../agents/index.ts';
import { detectEcosystems, installRunsRepoCode } from '../bootstrap/index.ts';
import { EventBus } from '../events/index.ts';
import { describeReadFailure, readBoundedFile, textOf } from '../fs/index.ts';
import { parseConfigText, REPO_CONFIG_FILE, hashConfigBytes } from '../repo-config/index.ts';
import { TrustStore } from './trust-store.ts';

export interface TrustServiceOptions {
  home: string;
  /** The registered repository with this id (the repo service's `get`). */
  repo: (repoId: string) => Repo | undefined;
}

const BUILTIN_IDS = new Set(BUILTIN_PROFILES.map((profile) => profile.id));

export class TrustService {
  readonly store: TrustStore;
  private readonly repo: TrustServiceOptions['repo'];
  private readonly changed = new EventBus<string>();

  constructor(options: TrustServiceOptions) {
    this.store = new TrustStore(options.home);
    this.repo = options.repo;
  }

  /** Whether the repository's code may run now (its current config content is the trusted one). */
  async isTrusted(repoId: string): Promise<boolean> {
    const checked = await this.check(repoId);
    return checked.ok;
  }

  /** ok(null) when trusted; REPO_NOT_TRUSTED (or REPO_NOT_FOUND) otherwise. */
  async check(repoId: string): Promise<Result<null>> {
    const repo = this.repo(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    const read = await readBoundedFile(path.join(repo.path, REPO_CONFIG_FILE));
    // An unreadable config is never trusted: nobody saw what it says.
    if (!read.ok && read.reason !== 'missing') return err({ kind: 'REPO_NOT_TRUSTED', repoId, path: repo.path, configHash: 'unreadable' });
    const configHash = hashConfigBytes(read.ok ? read.bytes : null);
    if (await this.isTrustedContent(repo.path, configHash)) return ok(null);
    return err({ kind: 'REPO_NOT_TRUSTED', repoId, path: repo.path, configHash });
  }

  /** Whether the user trusted exactly this config content for the repository at `repoPath`. */
  async isTrustedContent(repoPath: string, configHash: string): Promise<boolean> {
    const entry = await this.store.get(repoPath);
    return entry !== null && entry.configHash === configHash;
  }

  /** What the repository asks to run, and whether it may. */
  async get(repoId: string): Promise<Result<RepoTrust>> {
    const repo = this.repo(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    const file = path.join(repo.path, REPO_CONFIG_FILE);
    const read = await readBoundedFile(file);
    const configHash = read.ok ? hashConfigBytes(read.bytes) : read.reason === 'missing' ? hashConfigBytes(null) : 'unreadable';
    let configProblem: string | null = read.ok || read.reason === 'missing' ? null : `${file} ${describeReadFailure(read)}`;
    let setup: string[] = [];
    let teardown: string[] = [];
    let check: string[] = [];
    let agents: TrustAgentEntry[] = [];
    if (read.ok) {
      const parsed = parseConfigText(file, textOf(read.bytes));
      if (parsed.ok) {
        setup = list(parsed.value.setup);
        teardown = list(parsed.value.teardown);
        check = list(parsed.value.check);
        agents = Object.entries(parsed.value.agents ?? {}).map(([id, entry]) => ({
          id,
          command: entry.command,
          args: [...(entry.args ?? [])],
          env: { ...(entry.env ?? {}) },
          overridesBuiltin: BUILTIN_IDS.has(id),
        }));
      } else if (parsed.error.kind === 'INVALID_CONFIG') {
        configProblem = `${file}: ${parsed.error.field ? `${parsed.error.field} ` : ''}${parsed.error.problem}`;
      }
    }
    const installs = (await detectEcosystems(repo.path))
      .filter((ecosystem) => installRunsRepoCode(ecosystem.manager))
      .map((ecosystem) => `${ecosystem.manager} (${ecosystem.lockfile})`);
    const entry = await this.store.get(repo.path);
    const trusted = entry !== null && entry.configHash === configHash && configHash !== 'unreadable';
    return ok({
      repoId,
      path: repo.path,
      configHash,
      trusted,
      trustedAt: trusted ? entry.trustedAt : null,
      changedSinceTrusted: entry !== null && !trusted,
      setup,
      teardown,
      check,
      agents,
      installs,
      configProblem,
    });
  }

  /**
   * Trust the repository's config as the user saw it. `configHash` comes from {@link get}; if the
   * file changed since, nothing is trusted and REPO_NOT_TRUSTED carries the new hash.
   */
  async grant(repoId: string, configHash: string): Promise<Result<RepoTrust>> {
    const current = await this.get(repoId);
    if (!current.ok) return current;
    if (current.value.configHash !== configHash || configHash === 'unreadable') {
      return err({ kind: 'REPO_NOT_TRUSTED', repoId, path: current.value.path, configHash: current.value.configHash });
    }
    await this.store.set({ path: current.value.path, configHash, trustedAt: new Date().toISOString() });
    this.changed.emit(repoId);
    return this.get(repoId);
  }

  /** Withdraw trust (the repository's code stops running from the next operation on). */
  async revoke(repoId: string): Promise<Result<RepoTrust>> {
    const repo = this.repo(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    await this.store.delete(repo.path);
    this.changed.emit(repoId);
    return this.get(repoId);
  }

  /** Called with a repository id when its trust was granted or revoked; returns the disposer. */
  onDidChange(listener: (repoId: string) => void): () => void {
    return this.changed.on(listener);
  }
}

function list(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}
