/**
 * The branch graph page: the commits of a repository's targets and worktree branches, in lanes,
 * labelled with branches, worktrees and targets, coloured by merged state (or by lane); the
 * selected commit's details and actions at the side. It lies over the terminal grid like the
 * usage page, so terminals keep their size underneath.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { GraphOrder, GraphRow } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { errorMessage } from '../errors/messages.ts';
import { CommitDetails } from './CommitDetails.tsx';
import type { ColorMode } from './graph-colors.ts';
import { GraphCanvas } from './GraphCanvas.tsx';
import { GraphModel } from './graph-model.ts';
import { Select } from '../ui/Select.tsx';

export function GraphPage() {
  const services = useServices();
  const repos = useAppStore((state) => state.server.repos);
  const selectedRepoId = useAppStore((state) => state.selectedRepoId);
  const [chosenRepoId, setChosenRepoId] = useState<string | null>(null);
  const repoId = [chosenRepoId, selectedRepoId, repos[0]?.id].find((id) => id && repos.some((repo) => repo.id === id)) ?? null;
  const [order, setOrder] = useState<GraphOrder>('date');
  const [colorMode, setColorMode] = useState<ColorMode>('merged');
  // The selection is a commit, not a row: when the graph is laid out anew (a fix applied, a
  // worktree moved) the same commit stays selected wherever it went.
  const [selection, setSelection] = useState<{ index: number; sha: string | null }>({ index: -1, sha: null });
  const selected = selection.index;
  const setSelected = (index: number): void => setSelection({ index, sha: model?.row(index)?.sha ?? null });
  const worktreeListing = useWorktreeListing(repoId);
  const listing = worktreeListing.loaded ? worktreeListing.worktrees : undefined;

  const model = useMemo(() => (repoId ? new GraphModel(services.engine, repoId, order) : null), [services, repoId, order]);
  useEffect(() => {
    setSelection({ index: -1, sha: null });
    return () => model?.dispose();
  }, [model]);
  // Worktrees came or went, or a worktree's HEAD moved: the engine re-checks the refs. (Not on
  // mount: the canvas asks for the first page itself.)
  const seenListing = useRef(listing);
  useEffect(() => {
    if (listing && listing !== seenListing.current) model?.reload();
    seenListing.current = listing;
  }, [model, listing]);
  // Closing the page (Escape, the palette) removes the commit list that had the keyboard: give it
  // back to what had it before the page opened (the Graph button, a terminal), not the body.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  useEffect(
    () => () => {
      const active = document.activeElement;
      const lost = active === null || active === document.body || !active.isConnected;
      if (lost && opener.current?.isConnected) opener.current.focus();
    },
    [],
  );
  const details = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && services.store.getState().dialog === null) services.store.getState().setGraphPageOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [services]);

  const summary = useSyncExternalStore(
    (listener) => model?.onChange(listener) ?? (() => undefined),
    () => model?.summary ?? null,
  );
  const revision = summary?.revision ?? null;
  useEffect(() => {
    if (!model) return;
    setSelection((current) => {
      if (current.sha === null) return current.index >= 0 && model.row(current.index) ? { index: current.index, sha: model.row(current.index)!.sha } : current;
      const index = model.indexOf(current.sha);
      return index === current.index ? current : { index, sha: index >= 0 ? current.sha : null };
    });
  }, [model, revision, summary?.total]);
  // The selected commit's row, found by its sha: when a new layout arrives (a fix applied), the
  // old index points at another commit until the effect above catches up, and the details must
  // not flash to it — its fix actions would reset, dropping a presence list just re-read. While
  // the commit's row is being loaded again, its last row stands in.
  const liveIndex = model && selection.sha !== null ? model.indexOf(selection.sha) : selected;
  const liveRow = model && liveIndex >= 0 ? model.row(liveIndex) : undefined;
  const lastRow = useRef<GraphRow | undefined>(undefined);
  if (liveRow) lastRow.current = liveRow;
  const row = liveRow ?? (selection.sha !== null && lastRow.current?.sha === selection.sha ? lastRow.current : undefined);

  return (
    <section className="graph-page" aria-label="Branch graph" data-testid="graph-page">
      <header className="usage-page__bar graph-page__bar">
        <h2 className="usage-page__title">Graph</h2>
        {repos.length > 1 && (
          <Select className="graph-page__repo" label="Repository" value={repoId ?? ''} options={repos.map((repo) => ({ value: repo.id, label: repo.name }))} onChange={setChosenRepoId} />
        )}
        <Segmented label="Order" value={order} options={[{ value: 'date', label: 'By date' }, { value: 'topo', label: 'By branch' }]} onChange={setOrder} />
        <Segmented label="Colour" value={colorMode} options={[{ value: 'merged', label: 'Merged state' }, { value: 'lanes', label: 'Lanes' }]} onChange={setColorMode} />
        <button type="button" className="button" onClick={() => model?.reload()} disabled={!model}>
          Refresh
        </button>
        {summary && <GraphStatus summary={summary} colorMode={colorMode} />}
      </header>
      {!repoId && <p className="usage-page__loading">Add a repository to see its branch graph.</p>}
      {summary?.error && (
        <p className="form-error" role="alert">
          {errorMessage(summary.error)}
        </p>
      )}
      {model && (
        <div className="graph-page__body">
          <GraphCanvas
            model={model}
            selected={selected}
            colorMode={colorMode}
            onSelect={setSelected}
            onActivate={() => {
              // Enter: to the commit's main action (Check fix presence), else its first control.
              const panel = details.current;
              (panel?.querySelector<HTMLElement>('[data-testid="fix-check"]:not(:disabled)') ?? panel?.querySelector<HTMLElement>('button:not(:disabled)'))?.focus();
            }}
          />
          <div ref={details} className="graph-page__details">
            {row && summary ? (
              <CommitDetails
                repoId={model.repoId}
                row={row}
                targets={summary.targets}
                worktrees={listing ?? []}
                onApplied={() => {
                  model.reload();
                  services.worktreeData.refresh(model.repoId);
                }}
                onBranchFix={(sha) => {
                  // From the commit's own worktree when one has it checked out, else the main worktree.
                  const from = row.refs.find((ref) => ref.worktree)?.worktree ?? row.worktrees[0] ?? listing?.find((worktree) => worktree.isMain)?.path;
                  if (repoId && from) services.store.getState().openFixDialog({ kind: 'start', repoId, worktreePath: from, commit: sha });
                }}
                onJump={(sha) => {
                  const index = model.indexOf(sha);
                  if (index >= 0) setSelected(index);
                }}
              />
            ) : (
              <aside className="commit-details commit-details--empty">Select a commit with ↑/↓ or the mouse to see its details.</aside>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function GraphStatus({ summary, colorMode }: { summary: NonNullable<GraphModel['summary']>; colorMode: ColorMode }) {
  const count = summary.total.toLocaleString();
  const text = summary.loading
    ? 'Reading history…'
    : `${count} commit${summary.total === 1 ? '' : 's'}${summary.complete ? '' : '…'}${summary.truncated ? ' (older history cut)' : ''}`;
  return (
    <span className="graph-page__status" data-testid="graph-status">
      {text}
      {colorMode === 'merged' && summary.targets.length > 0 && (
        <span className="graph-legend">
          <span className="graph-legend__dot graph-legend__dot--merged" /> in {summary.targets.length > 1 ? 'every target' : summary.targets[0]}
          {summary.targets.length > 1 && (
            <>
              <span className="graph-legend__dot graph-legend__dot--partly" /> in some
            </>
          )}
          <span className="graph-legend__dot graph-legend__dot--unmerged" /> unmerged
        </span>
      )}
    </span>
  );
}

function Segmented<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  return (
    <span className="segmented" role="group" aria-label={label}>
      {options.map((option) => (
        <button key={option.value} type="button" className="segmented__option" aria-pressed={option.value === value} onClick={() => onChange(option.value)}>
          {option.label}
        </button>
      ))}
    </span>
  );
}
