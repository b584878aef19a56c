/**
 * The recent-repositories list of the File menu and the tray (pure).
 *
 * Kept by the shell (a small electron-store file), newest first. A repository counts as opened
 * when the user opens it through the shell (File › Open Repository, a second launch, a folder
 * dropped on the dock) and when it appears in the engine's list while the app runs (dropped on
 * the window, added in the sidebar or by the CLI). Removing a repository from the app keeps it
 * here, so it can be opened again from the menu.
 */
import path from 'node:path';

export interface RecentRepository {
  readonly path: string;
  /** ISO time it was last opened. */
  readonly openedAt: string;
}

/** Entries kept (and shown): as many as VS Code shows in its File menu. */
export const MAX_RECENT_REPOSITORIES = 10;

/** `repository` moved (or added) to the front, the list cut to the maximum. */
export function rememberRecent(
  recents: readonly RecentRepository[],
  repositoryPath: string,
  openedAt: string,
  max: number = MAX_RECENT_REPOSITORIES,
): RecentRepository[] {
  return [{ path: repositoryPath, openedAt }, ...recents.filter((entry) => entry.path !== repositoryPath)].slice(0, max);
}

/** The list without `repositoryPath` (its folder is gone, or the user cleared it). */
export function forgetRecent(recents: readonly RecentRepository[], repositoryPath: string): RecentRepository[] {
  return recents.filter((entry) => entry.path !== repositoryPath);
}

/**
 * The list after the engine's repositories changed from `before` to `after` (paths).
 *
 * `before === null` is the first list of a connection: nothing is "new" then (every reconnect
 * would reorder the menu), but an empty history is seeded from it, newest addition first.
 */
export function recentsAfterReposChanged(
  recents: readonly RecentRepository[],
  before: readonly string[] | null,
  after: ReadonlyArray<{ readonly path: string; readonly addedAt: string }>,
  now: string,
): RecentRepository[] {
  if (before === null) {
    if (recents.length > 0) return [...recents];
    return [...after]
      .sort((a, b) => b.addedAt.localeCompare(a.addedAt))
      .slice(0, MAX_RECENT_REPOSITORIES)
      .map((repo) => ({ path: repo.path, openedAt: repo.addedAt }));
  }
  const known = new Set(before);
  let next = [...recents];
  for (const repo of after) {
    if (!known.has(repo.path)) next = rememberRecent(next, repo.path, now);
  }
  return next;
}

/** A validated list read from disk: wrong shapes dropped, duplicates and overflow cut. */
export function sanitizeRecents(value: unknown): RecentRepository[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const result: RecentRepository[] = [];
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { path: entryPath, openedAt } = entry as Record<string, unknown>;
    if (typeof entryPath !== 'string' || entryPath === '' || entryPath.length > 4_096 || seen.has(entryPath)) continue;
    if (typeof openedAt !== 'string' || Number.isNaN(Date.parse(openedAt))) continue;
    seen.add(entryPath);
    result.push({ path: entryPath, openedAt });
    if (result.length === MAX_RECENT_REPOSITORIES) break;
  }
  return result;
}

export interface RecentMenuEntry {
  readonly path: string;
  /** `name  ~/parent/folder`, with `&` doubled (menus read a single one as a mnemonic). */
  readonly label: string;
}

/** Menu entries: the folder name, then where it is, the home folder written `~`. */
export function recentMenuEntries(
  recents: readonly RecentRepository[],
  options: { readonly homedir: string; readonly platform: NodeJS.Platform },
): RecentMenuEntry[] {
  const api = options.platform === 'win32' ? path.win32 : path.posix;
  return recents.map((entry) => {
    const parent = api.dirname(entry.path);
    const home = options.homedir.replace(/[\\/]+$/, '');
    const inHome = home !== '' && (parent === home || parent.startsWith(home + api.sep));
    const where = inHome ? `~${parent.slice(home.length)}` : parent;
    const label = `${api.basename(entry.path) || entry.path}  ${where}`;
    return { path: entry.path, label: label.replaceAll('&', '&&') };
  });
}
