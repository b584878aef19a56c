/**
 * "Add repository" input: type or paste a path, press Enter or Add. A failure is shown right
 * under the input and changes nothing else.
 */
import { useState, type FormEvent } from 'react';
import { useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { addRepository } from './repo-actions.ts';

export function AddRepoForm() {
  const services = useServices();
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!path.trim() || busy) return;
    setBusy(true);
    const result = await addRepository(services, path);
    setBusy(false);
    if (result.ok) {
      setPath('');
      setError(null);
    } else {
      setError(errorMessage(result.error));
    }
  };

  return (
    <form className="add-repo" onSubmit={(event) => void submit(event)}>
      <label className="add-repo__label" htmlFor="add-repo-path">
        Add repository
      </label>
      <div className="add-repo__row">
        <input
          id="add-repo-path"
          className="input"
          type="text"
          placeholder="/path/to/repository"
          spellCheck={false}
          autoComplete="off"
          value={path}
          aria-invalid={error !== null}
          aria-describedby={error ? 'add-repo-error' : undefined}
          onChange={(event) => {
            setPath(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button button--primary" disabled={!path.trim() || busy}>
          Add
        </button>
      </div>
      {error && (
        <p id="add-repo-error" className="add-repo__error" role="alert" data-testid="add-repo-error">
          {error}
        </p>
      )}
    </form>
  );
}
