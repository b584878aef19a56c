/**
 * Builds the function that maps a log's cwd (or Gemini project key) to a worktree, from the
 * current worktree roots, resolving symlinked spellings of both sides once (cached).
 */
import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { attributeCwd, attributeProjectKey, type WorktreeRoot } from './attribute-cwd.ts';

export type Attribute = (cwd: string | null, projectKey: string | null) => WorktreeRoot | null;

export class WorktreeAttributor {
  private readonly realpaths = new Map<string, string>();

  constructor(
    private readonly roots: () => Promise<readonly WorktreeRoot[]>,
    private readonly platform: NodeJS.Platform,
  ) {}

  /** An attribution function for these log cwds (resolved up front, so the function is sync). */
  async build(cwds: Iterable<string>): Promise<Attribute> {
    const roots = await this.roots();
    const resolved = await Promise.all(
      roots.map(async (root) => ({ root, spellings: [...new Set([root.path, await this.real(root.path)])] })),
    );
    await Promise.all([...new Set(cwds)].map((cwd) => this.real(cwd)));
    const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
    return (cwd, projectKey) => {
      if (cwd) return attributeCwd([cwd, this.realpaths.get(cwd) ?? cwd], resolved, this.platform);
      if (projectKey) return attributeProjectKey(projectKey, resolved, sha);
      return null;
    };
  }

  /** realpath with a cache; a path that does not exist (any more) stays as written. */
  private async real(p: string): Promise<string> {
    const cached = this.realpaths.get(p);
    if (cached !== undefined) return cached;
    const resolved = await realpath(p).catch(() => p);
    this.realpaths.set(p, resolved);
    return resolved;
  }
}
