/**
 * The "New worktree" dialog: name, base (default branch, any branch, another worktree), target,
 * and whether to run the setup. A refusal from the engine is shown next to the inputs and
 * changes nothing; on success the dialog closes and the setup streams into a new pane.
 */
import { useEffect, useId, useState } from 'react';
import type { Repo, RepoConfigView } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { EMPTY_FORM, formProblem, previewBranch, previewFolder, toCreateInput, type CreateForm } from './create-form.ts';
import { createWorktree, loadConfig } from './worktree-actions.ts';
import { ModalForm } from '../feedback/ModalForm.tsx';
import { Select } from '../ui/Select.tsx';
import { Checkbox } from '../ui/Checkbox.tsx';

export function CreateWorktreeDialog({ repo, onClose }: { repo: Repo; onClose: () => void }) {
  const services = useServices();
  const listing = useWorktreeListing(repo.id);
  const [form, setForm] = useState<CreateForm>(EMPTY_FORM);
  const [config, setConfig] = useState<RepoConfigView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    let live = true;
    void loadConfig(services, repo.id).then((result) => {
      if (!live) return;
      if (result.ok) setConfig(result.value);
      else setError(errorMessage(result.error));
    });
    return () => {
      live = false;
    };
  }, [services, repo.id]);

  const update = (patch: Partial<CreateForm>): void => {
    setForm((previous) => ({ ...previous, ...patch }));
    setError(null);
  };
  const problem = formProblem(form);
  const worktrees = (listing?.worktrees ?? []).filter((worktree) => !worktree.missing && !worktree.prunable && worktree.head);
  const targets = config?.config.targets ?? [];
  const defaultTarget = targets[0] ?? (form.base === 'branch' ? form.baseBranch : config?.defaultBranch) ?? '';

  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (problem || busy) return;
    setBusy(true);
    const result = await createWorktree(services, toCreateInput(repo.id, form));
    setBusy(false);
    if (result.ok) onClose();
    else setError(errorMessage(result.error));
  };

  return (
    <ModalForm
      title={<>New worktree in {repo.name}</>}
      className="worktree-dialog"
      testId="create-worktree-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      errorTestId="create-worktree-error"
      submit={{ label: busy ? 'Creating…' : 'Create worktree', disabled: problem !== null || busy, title: problem ?? undefined }}
    >
      <label className="field">
        <span className="field__label">Name</span>
        <input
          data-autofocus
          className="text-input"
          aria-label="Worktree name"
          value={form.name}
          placeholder="login-page"
          onChange={(event) => update({ name: event.target.value })}
        />
        <span className="field__hint">
          Folder {config ? `${config.config.worktreeDir}/` : ''}
          <code data-testid="folder-preview">{previewFolder(form) || '…'}</code> · branch <code><span data-testid="branch-preview">{previewBranch(form, config?.config.branchPrefix ?? '')}</span></code>
        </span>
      </label>
      <fieldset className="field">
        <legend className="field__label">Start from</legend>
        <label className="radio">
          <input type="radio" name={`${id}-base`} checked={form.base === 'default'} onChange={() => update({ base: 'default' })} />
          the default branch{config?.defaultBranch ? ` (${config.defaultBranch})` : ''}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-base`} checked={form.base === 'branch'} onChange={() => update({ base: 'branch' })} />
          a branch or commit
        </label>
        {form.base === 'branch' && (
          <input
            className="text-input"
            aria-label="Base branch"
            value={form.baseBranch}
            placeholder="main"
            onChange={(event) => update({ baseBranch: event.target.value })}
          />
        )}
        <label className="radio">
          <input type="radio" name={`${id}-base`} checked={form.base === 'worktree'} onChange={() => update({ base: 'worktree' })} />
          another worktree's current commit
        </label>
        {form.base === 'worktree' && (
          <Select
            label="Base worktree"
            value={form.baseWorktree}
            placeholder="Choose…"
            options={worktrees.map((worktree) => ({ value: worktree.path, label: folderName(worktree.path), hint: worktree.branch ?? 'detached' }))}
            onChange={(value) => update({ baseWorktree: value })}
          />
        )}
      </fieldset>
      <label className="field">
        <span className="field__label">Target branch (merges into)</span>
        <input
          className="text-input"
          aria-label="Target branch"
          list={`${id}-targets`}
          value={form.target}
          placeholder={defaultTarget}
          onChange={(event) => update({ target: event.target.value })}
        />
        <datalist id={`${id}-targets`}>
          {targets.map((target) => (
            <option key={target} value={target} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span className="field__label">Branch name (optional)</span>
        <input
          className="text-input"
          aria-label="Branch name"
          value={form.branch}
          placeholder={previewBranch({ ...form, branch: '' }, config?.config.branchPrefix ?? '')}
          onChange={(event) => update({ branch: event.target.value })}
        />
      </label>
      <Checkbox checked={form.runSetup} onCheckedChange={(runSetup) => update({ runSetup })}>
        Set up now (copy ignored files, dependencies, setup commands, ports)
      </Checkbox>
    </ModalForm>
  );
}
