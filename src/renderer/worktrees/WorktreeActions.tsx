/**
 * A worktree's lifecycle actions in the sidebar: archive / remove (asking again, with the reason,
 * when that would lose work or stop running sessions), setup again; for a missing folder:
 * restore / prune.
 */
import { Archive, Trash2, Wrench } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppError } from '../../shared/errors.ts';
import type { ArchivePreview, Repo, Worktree } from '../../shared/protocol/index.ts';
import { callEngine } from '../engine/call-engine.ts';
import { useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { IconButton } from '../ui/IconButton.tsx';
import { FixActions } from '../fixes/FixActions.tsx';
import { archiveWorktree, pruneWorktree, removeWorktree, rerunBootstrap, restoreWorktree } from './worktree-actions.ts';
import { plural } from '../../shared/plural.ts';

/** Refusals that "remove anyway" overrides. */
const FORCEABLE = new Set(['WORKTREE_DIRTY', 'WORKTREE_UNMERGED', 'WORKTREE_LOCKED', 'BOOTSTRAP_RUNNING']);

type RunningSessions = Extract<AppError, { kind: 'WORKTREE_HAS_SESSIONS' }>['sessions'];

type Pending =
  | { kind: 'confirm-remove' }
  | { kind: 'confirm-force'; reason: string }
  /** Archive would save ignored files or leave folders out: list them before archiving. */
  | { kind: 'confirm-archive'; preview: ArchivePreview }
  /** Sessions run in the worktree: list them and offer to stop them first. */
  | { kind: 'confirm-stop'; action: 'remove' | 'archive'; force: boolean; sessions: RunningSessions }
  | null;

export function WorktreeActions({ repo, worktree }: { repo: Repo; worktree: Worktree }) {
  const services = useServices();
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const actionsRef = useRef<HTMLDivElement>(null);
  // The button a cancelled question goes back to (it was unmounted while the question showed).
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    if (pending !== null || refocus.current === null) return;
    const label = refocus.current;
    refocus.current = null;
    actionsRef.current?.querySelector<HTMLElement>(`[aria-label="${CSS.escape(label)}"]`)?.focus();
  }, [pending]);
  if (worktree.isMain) {
    return (
      <div className="worktree-actions">
        <FixActions repo={repo} worktree={worktree} />
      </div>
    );
  }
  const name = folderName(worktree.path);
  const missing = worktree.missing === true || worktree.prunable;

  const run = async (task: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await task();
    } finally {
      setBusy(false);
    }
  };

  const remove = (force: boolean, stopSessions = false) =>
    run(async () => {
      const result = await removeWorktree(services, repo, worktree, force, stopSessions);
      if (result.ok) return setPending(null);
      if (result.error.kind === 'WORKTREE_HAS_SESSIONS') {
        return setPending({ kind: 'confirm-stop', action: 'remove', force, sessions: result.error.sessions });
      }
      if (!force && FORCEABLE.has(result.error.kind)) return setPending({ kind: 'confirm-force', reason: errorMessage(result.error) });
      setPending(null);
      services.store.getState().pushToast('error', errorMessage(result.error));
    });

  const archive = (stopSessions = false) =>
    run(async () => {
      const result = await archiveWorktree(services, repo, worktree, stopSessions);
      if (result.ok) return setPending(null);
      if (result.error.kind === 'WORKTREE_HAS_SESSIONS') {
        return setPending({ kind: 'confirm-stop', action: 'archive', force: false, sessions: result.error.sessions });
      }
      setPending(null);
      services.store.getState().pushToast('error', errorMessage(result.error));
    });

  const cancel = (back: 'Archive' | 'Remove') => (): void => {
    refocus.current = `${back} ${name}`;
    setPending(null);
  };

  /** Archive, first showing what it saves beyond the changes and what it leaves out. */
  const requestArchive = () =>
    run(async () => {
      const preview = await callEngine(services.engine, (client) => client.worktrees.archivePreview({ repoId: repo.id, path: worktree.path }));
      if (preview.ok && (preview.value.ignoredKept.length > 0 || preview.value.ignoredSkipped.length > 0 || preview.value.nestedRepos.length > 0)) {
        setPending({ kind: 'confirm-archive', preview: preview.value });
        return;
      }
      await archive();
    });

  if (pending?.kind === 'confirm-archive') {
    const { preview } = pending;
    const refused = preview.nestedRepos.length > 0 || preview.ignoredBytes > preview.limitBytes;
    return (
      <ConfirmBox key="confirm-archive" role="alertdialog" label={`Archive ${name}`} testId="archive-preview" onCancel={cancel('Archive')}>
        <span className="worktree-confirm__text">
          {refused
            ? preview.nestedRepos.length > 0
              ? `${name} contains other repositories an archive cannot keep. Move them out first:`
              : `${name} has ${megabytes(preview.ignoredBytes)} of ignored files, more than an archive keeps (${megabytes(preview.limitBytes)}).`
            : `Archive ${name}? Besides ${plural(preview.changes, 'change')}, it saves these ignored files:`}
        </span>
        <ul className="worktree-confirm__sessions" aria-label="What the archive keeps and leaves out">
          {preview.nestedRepos.map((entry) => (
            <li key={entry}>
              <strong>repository</strong> <span className="worktree-confirm__title">{entry}</span>
            </li>
          ))}
          {preview.ignoredKept.map((entry) => (
            <li key={entry.path}>
              <span className="worktree-confirm__title">{entry.path}</span> {megabytes(entry.bytes)}
            </li>
          ))}
          {preview.ignoredSkipped.map((entry) => (
            <li key={entry.path}>
              <span className="worktree-confirm__title">{entry.path}</span> not kept: {entry.reason}
            </li>
          ))}
        </ul>
        <button type="button" className="button button--small" onClick={cancel('Archive')}>
          Cancel
        </button>
        {!refused && (
          <button type="button" className="button button--small" disabled={busy} onClick={() => void archive()}>
            Archive
          </button>
        )}
      </ConfirmBox>
    );
  }

  if (pending?.kind === 'confirm-stop') {
    const verb = pending.action === 'archive' ? 'archive' : 'remove';
    return (
      <ConfirmBox key="confirm-stop" role="alertdialog" label={`Stop sessions and ${verb} ${name}`} onCancel={cancel(pending.action === 'archive' ? 'Archive' : 'Remove')}>
        <span className="worktree-confirm__text">
          {pending.sessions.length === 1 ? 'This session is' : `These ${pending.sessions.length} sessions are`} still running in{' '}
          {name}. Stop {pending.sessions.length === 1 ? 'it' : 'them'} first? Agents get their normal exit, then a kill.
        </span>
        <ul className="worktree-confirm__sessions" aria-label="Running sessions">
          {pending.sessions.map((session) => (
            <li key={session.id}>
              {session.agent ? <strong>{session.agent}</strong> : 'shell'} <span className="worktree-confirm__title">{session.title}</span>
            </li>
          ))}
        </ul>
        <button type="button" className="button button--small" onClick={cancel(pending.action === 'archive' ? 'Archive' : 'Remove')}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          onClick={() => void (pending.action === 'archive' ? archive(true) : remove(pending.force, true))}
        >
          {busy ? 'Stopping…' : `Stop and ${verb}`}
        </button>
      </ConfirmBox>
    );
  }

  if (pending) {
    return (
      <ConfirmBox key={pending.kind} role="group" label={`Confirm removing ${name}`} onCancel={cancel('Remove')}>
        <span className="worktree-confirm__text">
          {pending.kind === 'confirm-force' ? pending.reason : `Remove ${name}? The branch is kept.`}
        </span>
        <button type="button" className="button button--small" onClick={cancel('Remove')}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          onClick={() => void remove(pending.kind === 'confirm-force')}
        >
          {pending.kind === 'confirm-force' ? 'Remove anyway' : 'Remove'}
        </button>
      </ConfirmBox>
    );
  }

  if (missing) {
    return (
      <div className="worktree-actions">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          aria-label={`Restore ${name}`}
          title="Check the branch out again in the same folder"
          onClick={() => void run(async () => void (await restoreWorktree(services, repo, { path: worktree.path })))}
        >
          Restore
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          aria-label={`Prune ${name}`}
          title="Forget this worktree (the branch is kept)"
          onClick={() => void run(() => pruneWorktree(services, repo, worktree))}
        >
          Prune
        </button>
      </div>
    );
  }

  return (
    <div className="worktree-actions" ref={actionsRef}>
      <FixActions repo={repo} worktree={worktree} />
      <IconButton
        icon={Wrench}
        disabled={busy}
        label={`Set up ${name} again`}
        tip="Run the setup again"
        onClick={() => void rerunBootstrap(services, repo, worktree)}
      />
      <IconButton
        icon={Archive}
        disabled={busy}
        label={`Archive ${name}`}
        tip="Archive: save uncommitted changes, run teardown, remove the folder, keep the branch"
        onClick={() => void requestArchive()}
      />
      <IconButton
        icon={Trash2}
        disabled={busy}
        label={`Remove ${name}`}
        tip="Remove the worktree (the branch is kept)"
        onClick={() => setPending({ kind: 'confirm-remove' })}
      />
    </div>
  );
}

/**
 * A question asked in place of the row's buttons: the keyboard lands on its first button
 * (Cancel, the safe answer) instead of on the page's body, and Escape cancels.
 */
function ConfirmBox({ role, label, testId, onCancel, children }: { role: 'alertdialog' | 'group'; label: string; testId?: string; onCancel: () => void; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  return (
    <div
      ref={box}
      className="worktree-confirm"
      role={role}
      aria-label={label}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onCancel();
      }}
    >
      {children}
    </div>
  );
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}
