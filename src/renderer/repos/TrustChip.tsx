/**
 * "Not trusted" in a repository's header, for a repository that asks to run something and is
 * not (or no longer) trusted; a click opens the trust dialog.
 */
import { useEffect, useState } from 'react';
import type { RepoTrust } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { asksForSomething } from './repo-actions.ts';

export function TrustChip({ repoId }: { repoId: string }) {
  const services = useServices();
  const revision = useAppStore((state) => state.trustRevision);
  const connected = useAppStore((state) => state.connection.status === 'connected');
  const [trust, setTrust] = useState<RepoTrust | null>(null);
  useEffect(() => {
    if (!connected) return;
    let current = true;
    void callEngine(services.engine, (client) => client.trust.get({ repoId })).then((result) => {
      if (current && result.ok) setTrust(result.value);
    });
    return () => {
      current = false;
    };
  }, [repoId, revision, connected, services]);
  if (!trust || trust.trusted || !asksForSomething(trust)) return null;
  return (
    <button
      type="button"
      className="trust-chip"
      data-testid="trust-chip"
      title="This repository asks to run setup commands, agents or install scripts. Review them."
      onClick={() => services.store.getState().openTrustDialog(repoId)}
    >
      {trust.changedSinceTrusted ? 'Changed: review' : 'Not trusted'}
    </button>
  );
}
