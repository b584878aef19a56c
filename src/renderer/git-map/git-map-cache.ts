/**
 * The renderer's copy of each repository's status map (`gitMap.map`), read on first use and
 * again after `gitMap.changed` / `worktrees.changed` for that repository.
 *
 * Deduplicated (one request per repository in flight), latest wins, and components subscribe
 * with `useSyncExternalStore`. Small on purpose: when the renderer's engine data moves to
 * TanStack Query (issue 8), this becomes one `useQuery(['gitMap', repoId])` with invalidation.
 */
import type { GitMap } from '../../shared/protocol/index.ts';
import { callEngine, type EngineAccess } from '../engine/call-engine.ts';
import type { UiResult } from '../errors/ui-error.ts';

type Entry = { readonly answer: UiResult<GitMap> | null };

export class GitMapCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private counter = 0;

  constructor(private readonly engine: EngineAccess) {}

  /** The last answer for a repository (null before the first); starts the first read. */
  get(repoId: string): UiResult<GitMap> | null {
    const entry = this.entries.get(repoId);
    if (!entry) {
      this.entries.set(repoId, { answer: null });
      void this.refresh(repoId);
      return null;
    }
    return entry.answer;
  }

  /** Re-read one repository's map if anyone has looked at it. */
  invalidate(repoId: string): void {
    if (this.entries.has(repoId)) void this.refresh(repoId);
  }

  /** Re-read every map shown (after a reconnect). */
  invalidateAll(): void {
    for (const repoId of this.entries.keys()) void this.refresh(repoId);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private async refresh(repoId: string): Promise<void> {
    const request = ++this.counter;
    this.inFlight.set(repoId, request);
    const answer = await callEngine(this.engine, (client) => client.gitMap.map({ repo: { repoId } }));
    if (this.inFlight.get(repoId) !== request) return;
    this.inFlight.delete(repoId);
    // Disconnected: keep what is shown; the snapshot after reconnecting re-reads.
    if (!answer.ok && answer.error.kind === 'ENGINE_DISCONNECTED') return;
    this.entries.set(repoId, { answer });
    for (const listener of [...this.listeners]) listener();
  }
}
