/**
 * Enter (or forget) a GitHub token when none was found or the one found was refused.
 *
 * In the desktop app the shell keeps it encrypted (safeStorage) and hands it to every engine it
 * starts; in web mode there is no shell, so the engine holds it until it stops — the form says
 * which. The token is never shown back: the engine reports only where its token came from.
 */
import { useState } from 'react';
import { GitHubTokenSchema, type CiStatus } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';

const FROM_TEXT: Record<NonNullable<CiStatus['github']['tokenFrom']>, string> = {
  app: 'the token you entered',
  GITHUB_TOKEN: 'GITHUB_TOKEN',
  GH_TOKEN: 'GH_TOKEN',
  gh: "'gh auth token'",
};

/** Whether the form belongs in the panel: no token, a refused one, or one entered here. */
export function wantsTokenForm(github: CiStatus['github'] | null): boolean {
  if (!github) return false;
  const kind = github.problem?.kind;
  return kind === 'GITHUB_NO_TOKEN' || kind === 'GITHUB_UNAUTHORIZED' || github.tokenFrom === 'app';
}

export function GitHubTokenForm({ github }: { github: CiStatus['github'] }) {
  const services = useServices();
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ tone: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const keeper = services.bridge?.storeGitHubToken;

  const submit = async (token: string | null): Promise<void> => {
    if (token !== null) {
      const parsed = GitHubTokenSchema.safeParse(token);
      if (!parsed.success) {
        setMessage({ tone: 'error', text: parsed.error.issues[0]?.message ?? 'not a GitHub token' });
        return;
      }
      token = parsed.data;
    }
    setBusy(true);
    setMessage(null);
    if (keeper) {
      // The shell stores it encrypted, then hands it to the engine.
      const kept = await keeper(token);
      setBusy(false);
      if (!kept.ok) return setMessage({ tone: 'error', text: `Not saved: ${kept.reason}.` });
    } else {
      const result = await callEngine(services.engine, (client) => client.ci.setToken({ token }));
      setBusy(false);
      if (!result.ok) return setMessage({ tone: 'error', text: errorMessage(result.error) });
    }
    setValue('');
    setMessage({ tone: 'ok', text: token === null ? 'Forgotten.' : 'Saved; checking GitHub with it now.' });
  };

  return (
    <form
      className="ci-token"
      data-testid="ci-token-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(value);
      }}
    >
      <label htmlFor="ci-token-input">GitHub token</label>
      <p className="ci-panel__muted">
        {github.hasToken && github.tokenFrom ? `In use: ${FROM_TEXT[github.tokenFrom]}. ` : ''}
        {keeper
          ? 'Kept encrypted by your system (Keychain, Credential Manager or the Secret Service).'
          : 'Kept by the engine until it stops (not written anywhere). GITHUB_TOKEN or gh auth login last longer.'}
      </p>
      <div className="ci-token__row">
        <input
          id="ci-token-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="ghp_… or github_pat_…"
          maxLength={512}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={message?.tone === 'error'}
          aria-describedby={message ? 'ci-token-message' : undefined}
        />
        <button type="submit" className="button button--primary" disabled={busy || value.trim() === ''}>
          Use token
        </button>
        {github.tokenFrom === 'app' && (
          <button type="button" className="button" disabled={busy} onClick={() => void submit(null)}>
            Forget
          </button>
        )}
      </div>
      {message && (
        <p id="ci-token-message" role={message.tone === 'error' ? 'alert' : 'status'} className={message.tone === 'error' ? 'ci-panel__error' : 'ci-panel__muted'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
