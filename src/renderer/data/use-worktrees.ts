/**
 * A repository's worktrees for a component: read through the query cache (one read however many
 * components show it), kept current by engine events.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { toListing, type CachedListing, type WorktreeListing } from './worktree-data.ts';

export function useWorktreeListing(repoId: string | null): WorktreeListing {
  const { worktreeData } = useServices();
  const connected = useAppStore((state) => state.connection.status === 'connected');
  const query = useQuery<CachedListing>({ ...worktreeData.options(repoId ?? ''), enabled: connected && repoId !== null });
  const data = repoId === null ? undefined : query.data;
  // One object per answer, so effects that depend on the listing run once per change.
  return useMemo(() => toListing(data), [data]);
}
