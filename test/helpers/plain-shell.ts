/**
 * `SHELL` for the engines that UI tests start: bash without the machine's startup files, so a
 * pane's prompt does not wait on whatever ~/.bashrc does (see test/fixtures/shell/plain-bash).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PLAIN_SHELL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/shell/plain-bash');
