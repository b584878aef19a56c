/**
 * One badge per target on a worktree row (merged ✓ / equivalent ≈ / ahead ↑n / conflict !), its
 * own target first (see `rowBadges`), and a compact selector to change the worktree branch's target.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Repo, Worktree } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { rowBadges } from './target-badges.ts';
import './git-map.css';
import { Select } from '../ui/Select.tsx';
import { Tip } from '../ui/Tip.tsx';

export function TargetBadges({ repo, worktree }: { repo: Repo; worktree: Worktree }) {
  const services = useServices();
  const connected = useAppStore((state) => state.connection.status === 'connected');
  const answer = useQuery({ ...services.gitMapData.options(repo.id), enabled: connected }).data;
  const [error, setError] = useState<string | null>(null);
  if (!answer?.ok) return null;
  const map = answer.value;
  const entry = map.branches.find((branch) => branch.worktree === worktree.path);
  if (!entry) return null;

  const changeTarget = async (target: string): Promise<void> => {
    if (!entry.branch) return;
    const result = await callEngine(services.engine, (client) =>
      client.gitMap.setTarget({ repo: { repoId: repo.id }, branch: entry.branch!, target }),
    );
    setError(result.ok ? null : errorMessage(result.error));
    if (result.ok) services.gitMapData.refresh(repo.id);
  };

  return (
    <span className="target-badges" data-testid="target-badges">
      {rowBadges(map, entry).map((badge) => (
        <Tip key={badge.target} content={badge.title}>
          <span
            className={`badge target-badge target-badge--${badge.tone}${badge.marked ? ' target-badge--own' : ''}`}
            data-target={badge.target}
            data-state={entry.status[badge.target]?.state}
            data-own={badge.own ? 'true' : undefined}
          >
            {badge.label}
          </span>
        </Tip>
      ))}
      {entry.branch && map.targets.length > 1 && (
        <Select
          className="target-select"
          label={`Target of ${entry.branch}`}
          title={error ?? `${entry.branch} merges into ${entry.target ?? 'the default branch'}`}
          value={entry.target ?? ''}
          options={[...new Set([...map.targets, ...(entry.target ? [entry.target] : [])])].map((target) => ({ value: target, label: `→ ${target}` }))}
          onChange={(value) => void changeTarget(value)}
        />
      )}
    </span>
  );
}
