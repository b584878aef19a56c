/**
 * Which worktree a log's working directory belongs to (§6 of agent-logs.md).
 *
 * Pure: the caller resolves symlinks (`realpath`) on both sides first, because a log may record
 * `/private/var/…` for a worktree registered as `/var/…`. Comparison strips trailing separators,
 * normalises `\` to `/` and drive-letter case on Windows, and folds case where the file system
 * does (macOS, Windows). The longest matching root wins, so a session in
 * `repo/.worktrees/feat` belongs to that worktree and not to `repo`.
 */

/** A worktree root as the app knows it. */
export interface WorktreeRoot {
  readonly repoId: string;
  readonly path: string;
}

/** Comparable form of a path on `platform`. */
export function normalizeForCompare(p: string, platform: NodeJS.Platform): string {
  let out = platform === 'win32' ? p.replace(/\\/g, '/') : p;
  while (out.length > 1 && out.endsWith('/') && !/^[A-Za-z]:\/$/.test(out)) out = out.slice(0, -1);
  if (platform === 'darwin' || platform === 'win32') out = out.toLowerCase();
  return out;
}

/** True when `child` is `parent` or lies inside it (both normalised). */
function within(child: string, parent: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith('/') ? parent : `${parent}/`;
  return child.startsWith(prefix);
}

/**
 * The root containing `cwd` (longest match), or null. Roots may be listed with several spellings
 * (as registered and as resolved): any spelling matches, the root itself is returned.
 */
export function attributeCwd(
  cwd: string | readonly string[],
  roots: readonly { readonly root: WorktreeRoot; readonly spellings: readonly string[] }[],
  platform: NodeJS.Platform,
): WorktreeRoot | null {
  const candidates = (typeof cwd === 'string' ? [cwd] : cwd).map((c) => normalizeForCompare(c, platform));
  let best: { root: WorktreeRoot; length: number } | null = null;
  for (const { root, spellings } of roots) {
    for (const spelling of spellings) {
      const normal = normalizeForCompare(spelling, platform);
      if (candidates.some((c) => within(c, normal)) && (best === null || normal.length > best.length)) {
        best = { root, length: normal.length };
      }
    }
  }
  return best?.root ?? null;
}

/**
 * A Gemini project dir name (legacy: sha256 hex of the project root) matched against roots;
 * `sha256Hex` is injected to keep this module free of Node APIs.
 */
export function attributeProjectKey(
  key: string,
  roots: readonly { readonly root: WorktreeRoot; readonly spellings: readonly string[] }[],
  sha256Hex: (text: string) => string,
): WorktreeRoot | null {
  if (!/^[0-9a-f]{64}$/.test(key)) return null;
  for (const { root, spellings } of roots) {
    if (spellings.some((spelling) => sha256Hex(spelling) === key)) return root;
  }
  return null;
}
