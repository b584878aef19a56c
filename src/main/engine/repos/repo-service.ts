/**
 * The repositories the user registered, persisted in `<home>/repos.json`.
 *
 * Registering only records a path: the service never creates, moves or deletes files in a
 * repository. Every rejected `add` is a typed error that changes nothing, on disk or in memory.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { RepoSchema, type Repo } from '../../../shared/protocol/repos.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import { JsonStore, withFileLock } from '../state/index.ts';
import { normalizeInputPath } from './normalize-input-path.ts';
import { resolveMainWorktree } from './resolve-main-worktree.ts';
import type { WorktreeListHandoff } from '../git/worktree-list-handoff.ts';

/** Current shape of repos.json; bump with a migration in `JsonStore` when it changes. */
const REPOS_FILE_VERSION = 1;

/**
 * Entries are validated one by one after loading (see {@link repairRepos}), so a single bad entry
 * is dropped instead of the whole file being moved aside.
 */
const ReposFileSchema = z.object({ repos: z.array(z.unknown()) });
type ReposFile = z.infer<typeof ReposFileSchema>;

/** Options for {@link RepoService}. */
export interface RepoServiceOptions {
  /** The engine's data directory (`AGENT_ORCHESTRATOR_HOME`). */
  home: string;
  /** What `~` in a typed path expands to; defaults to the OS user's home. Tests point it elsewhere. */
  userHomeDir?: string;
  /** One-shot engines: share `git worktree list` with the worktree service (git/worktree-list-handoff.ts). */
  worktreeListHandoff?: WorktreeListHandoff;
}

/**
 * Registry of repositories: add by any path inside one, list, remove.
 *
 * Call {@link RepoService.load} once at startup; `add` and `remove` wait for it (and start it if
 * nobody did). Mutations are serialized, so two concurrent adds of the same folder register it
 * once and the other gets REPO_ALREADY_ADDED.
 */
export class RepoService {
  private readonly store: JsonStore<ReposFile>;
  private readonly userHomeDir: string;
  private readonly handoff: WorktreeListHandoff | undefined;
  private readonly changed = new EventBus<void>();
  private repos: readonly Repo[] = [];
  private loading: Promise<void> | null = null;
  private mutations: Promise<unknown> = Promise.resolve();

  constructor(options: RepoServiceOptions) {
    this.userHomeDir = options.userHomeDir ?? os.homedir();
    this.handoff = options.worktreeListHandoff;
    this.store = new JsonStore<ReposFile>({
      file: path.join(options.home, 'repos.json'),
      version: REPOS_FILE_VERSION,
      schema: ReposFileSchema,
      defaults: () => ({ repos: [] }),
    });
  }

  /**
   * Read repos.json (once; later calls return the same promise).
   *
   * A missing, corrupt or invalid file yields an empty list (JsonStore moves a bad file aside); it
   * rejects only when the file exists but cannot be read at all (permissions, a folder in its place).
   * Repositories whose folders have disappeared stay registered: the worktree list reports them as
   * missing, and the user decides whether to remove them.
   */
  load(): Promise<void> {
    this.loading ??= this.store.load().then(
      (file) => {
        this.repos = repairRepos(file.repos);
        // Whoever subscribed before loading finished (the worktree watcher) must see the list.
        this.changed.emit();
      },
      (error: unknown) => {
        // Let a later call retry (e.g. after the user fixed the folder's permissions).
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** All registered repositories, in the order they were added. */
  list(): Repo[] {
    return this.repos.map((repo) => ({ ...repo }));
  }

  /** One repository by id. */
  get(repoId: string): Repo | undefined {
    const repo = this.repos.find((r) => r.id === repoId);
    return repo ? { ...repo } : undefined;
  }

  /**
   * Register the repository containing `inputPath`.
   *
   * The path may be pasted with quotes or whitespace, start with `~`, or point into a subfolder or a
   * linked worktree: the main working tree's real path is what gets stored. See
   * `resolveMainWorktree` for the errors, plus INVALID_INPUT (relative or empty path) and
   * REPO_ALREADY_ADDED (with the existing id).
   */
  async add(inputPath: string): Promise<Result<Repo>> {
    await this.load();
    const normalized = normalizeInputPath(inputPath, this.userHomeDir);
    if (!normalized.ok) return normalized;
    return this.exclusive(async () => {
      await this.refresh();
      const main = await resolveMainWorktree(normalized.value, this.handoff);
      if (!main.ok) return main;
      const existing = this.repos.find((repo) => repo.path === main.value);
      if (existing) return err({ kind: 'REPO_ALREADY_ADDED', path: main.value, repoId: existing.id });
      const repo: Repo = {
        id: this.newId(),
        path: main.value,
        name: path.basename(main.value) || main.value,
        addedAt: new Date().toISOString(),
      };
      const saved = await this.commit([...this.repos, repo]);
      return saved.ok ? ok({ ...repo }) : saved;
    });
  }

  /**
   * The registered repository containing `inputPath` (a subfolder or linked worktree counts), or
   * with `register` the newly registered one. REPO_NOT_REGISTERED otherwise.
   */
  async resolve(inputPath: string, options: { register: boolean }): Promise<Result<Repo>> {
    await this.load();
    const normalized = normalizeInputPath(inputPath, this.userHomeDir);
    if (!normalized.ok) return normalized;
    const main = await resolveMainWorktree(normalized.value, this.handoff);
    if (!main.ok) return main;
    await this.refresh();
    const existing = this.repos.find((repo) => repo.path === main.value);
    if (existing) return ok({ ...existing });
    if (!options.register) return err({ kind: 'REPO_NOT_REGISTERED', path: main.value });
    const added = await this.add(main.value);
    // Registered meanwhile by someone else: that registration is the answer.
    if (!added.ok && added.error.kind === 'REPO_ALREADY_ADDED') {
      const { repoId } = added.error;
      const repo = this.repos.find((candidate) => candidate.id === repoId);
      if (repo) return ok({ ...repo });
    }
    return added;
  }

  /** Unregister a repository. Only the registration goes: no file in the repository is touched. */
  async remove(repoId: string): Promise<Result<{ repoId: string }>> {
    await this.load();
    return this.exclusive(async () => {
      await this.refresh();
      if (!this.repos.some((repo) => repo.id === repoId)) return err({ kind: 'REPO_NOT_FOUND', repoId });
      const saved = await this.commit(this.repos.filter((repo) => repo.id !== repoId));
      return saved.ok ? ok({ repoId }) : saved;
    });
  }

  /**
   * Re-read repos.json and adopt it if another process changed it (the CLI registers a repository
   * while the app runs). Every add and remove does this first, so neither side overwrites the
   * other's registrations.
   */
  async refresh(): Promise<void> {
    await this.load();
    let file: ReposFile;
    try {
      file = await this.store.load();
    } catch {
      return;
    }
    const next = repairRepos(file.repos);
    if (JSON.stringify(next) === JSON.stringify(this.repos)) return;
    this.repos = next;
    this.changed.emit();
  }

  /**
   * Notice changes other processes make to repos.json (checked every `intervalMs`); returns the
   * disposer. Stat polling, not fs.watch: the file is replaced by rename on every save.
   */
  watchFile(intervalMs = 2_000): () => void {
    const onChange = (): void => void this.serial(() => this.refresh());
    watchFile(this.store.file, { interval: intervalMs, persistent: false }, onChange);
    return () => unwatchFile(this.store.file, onChange);
  }

  /** Called after loading and after every add or remove; returns the disposer. */
  onDidChange(listener: () => void): () => void {
    return this.changed.on(listener);
  }

  /** Save first, then adopt in memory and notify, so a failed write changes nothing. */
  private async commit(next: readonly Repo[]): Promise<Result<null>> {
    try {
      await this.store.save({ repos: [...next] });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return err({ kind: 'INTERNAL', message: `Could not save ${this.store.file}: ${message}` });
    }
    this.repos = next;
    this.changed.emit();
    return ok(null);
  }

  /**
   * Run mutations one at a time — in this process and across processes (the app and any number
   * of CLI runs share repos.json): the re-read, the duplicate check and the save happen under
   * one file lock, so nobody's registration is dropped and a folder never gets two ids.
   */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const locked = (): Promise<T> => withFileLock(this.store.file, task);
    const run = this.mutations.then(locked, locked);
    this.mutations = run.catch(() => undefined);
    return run;
  }

  /** In-process ordering only (a read needs no file lock: saves are atomic renames). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.mutations.then(task, task);
    this.mutations = run.catch(() => undefined);
    return run;
  }

  /** A short random id (10 hex characters) not already in use; it never changes once stored. */
  private newId(): string {
    for (;;) {
      const id = randomBytes(5).toString('hex');
      if (!this.repos.some((repo) => repo.id === id)) return id;
    }
  }
}

/**
 * Keep the valid entries of a loaded file, dropping invalid ones and duplicate ids or paths.
 *
 * Hand edits and older bugs should cost one entry, never the whole list or a startup crash.
 */
export function repairRepos(entries: readonly unknown[]): Repo[] {
  const repos: Repo[] = [];
  for (const entry of entries) {
    const parsed = RepoSchema.safeParse(entry);
    if (!parsed.success) continue;
    if (repos.some((repo) => repo.id === parsed.data.id || repo.path === parsed.data.path)) continue;
    repos.push(parsed.data);
  }
  return repos;
}
