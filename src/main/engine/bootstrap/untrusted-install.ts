/**
 * Installing dependencies of a repository the user has not trusted: the packages still come in,
 * but nothing the repository's own manifests say to run does.
 *
 * npm-style managers get `--ignore-scripts` (no preinstall/postinstall/prepare of the project or
 * its dependencies); uv and poetry install the dependencies without building the project itself
 * (its build backend is the repository's code); pip's requirements may say `-e .` (the project's
 * setup.py), so pip waits for trust. cargo fetch and go mod download run no project code.
 */
import type { Ecosystem } from './dependencies.ts';

/** The install commands allowed while untrusted, or null when the ecosystem must wait for trust. */
export function untrustedInstall(ecosystem: Ecosystem): (readonly string[])[] | null {
  switch (ecosystem.manager) {
    case 'npm':
    case 'pnpm':
    case 'yarn':
    case 'bun':
      return ecosystem.install.map((argv) => (argv.includes('install') || argv.includes('ci') ? [...argv, '--ignore-scripts'] : argv));
    case 'uv':
      return ecosystem.install.map((argv) => [...argv, '--no-install-project']);
    case 'poetry':
      return ecosystem.install.map((argv) => [...argv, '--no-root']);
    case 'cargo':
    case 'go':
      return [...ecosystem.install];
    default:
      return null;
  }
}

/** Managers whose install can run code the repository brings (listed in the trust dialog). */
export function installRunsRepoCode(manager: string): boolean {
  return manager !== 'cargo' && manager !== 'go';
}
