/**
 * What the shell says after asking the engine to add a folder (pure).
 *
 * The shell adds folders on its own (File › Open Repository, a second launch, the dock), so it
 * needs words for the errors `repos.add` can return. Only those kinds are worded here; anything
 * else falls back to a generic line with the kind, which the shell logs in full.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { Result } from '../../../shared/result.ts';

export type OpenRepositoryOutcome =
  | { readonly kind: 'opened'; readonly path: string }
  | { readonly kind: 'failed'; readonly message: string; readonly detail: string };

export function openRepositoryOutcome(folder: string, result: Result<{ readonly path: string }>): OpenRepositoryOutcome {
  if (result.ok) return { kind: 'opened', path: result.value.path };
  // Already registered: opening it is a success, and the recent list learns its real path.
  if (result.error.kind === 'REPO_ALREADY_ADDED') return { kind: 'opened', path: result.error.path };
  return { kind: 'failed', message: `Cannot open ${folder}`, detail: openErrorText(result.error) };
}

function openErrorText(error: AppError): string {
  switch (error.kind) {
    case 'PATH_NOT_FOUND':
      return 'Nothing exists at this path any more.';
    case 'NOT_A_DIRECTORY':
      return 'This is a file, not a folder. Open the folder of a git repository.';
    case 'NOT_A_GIT_REPO':
      return 'This folder is not inside a git repository. Run `git init` there (and make a first commit), then open it again.';
    case 'BARE_REPO':
      return 'This is a bare repository. Open a clone with a working tree instead.';
    case 'REPO_HAS_NO_COMMITS':
      return 'This repository has no commits yet. Make a first commit, then open it again.';
    case 'INVALID_INPUT':
      return error.message;
    default:
      return `The engine refused it (${error.kind}).`;
  }
}
