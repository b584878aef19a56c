/**
 * Turn a path the user typed, pasted or dropped into an absolute path, or say why not.
 *
 * Users paste paths copied from a terminal or a file manager: surrounded by whitespace or a
 * newline, wrapped in quotes (`'/path with space'`), as a `file://` URL, or starting with `~`.
 * The engine has no meaningful working directory, so any other relative path is refused rather
 * than resolved against wherever the engine happened to start.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../../../shared/result.ts';

/** Quote pairs a pasted path may be wrapped in. */
const QUOTES: ReadonlyArray<readonly [string, string]> = [
  ["'", "'"],
  ['"', '"'],
  ['“', '”'],
  ['‘', '’'],
];

/**
 * Normalize `input` to an absolute, `path.resolve`d path (no trailing separator, no `..`).
 *
 * `~` and `~/x` expand to `userHomeDir`; `~user/x` is refused (looking up other users' homes is
 * not worth the surprise). Nothing touches the file system here.
 */
export function normalizeInputPath(input: string, userHomeDir: string): Result<string> {
  let text = input.trim();
  for (const [open, close] of QUOTES) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) {
      text = text.slice(open.length, -close.length);
      break;
    }
  }
  if (text === '') return invalid('The path is empty.');
  if (text.startsWith('file://')) {
    try {
      text = fileURLToPath(text);
    } catch {
      return invalid(`Not a local file URL: ${text}`);
    }
  }
  if (text === '~') text = userHomeDir;
  else if (text.startsWith('~/') || (path.sep === '\\' && text.startsWith('~\\'))) {
    text = path.join(userHomeDir, text.slice(2));
  } else if (text.startsWith('~')) {
    return invalid(`Only ~ for your own home folder is supported: ${text}`);
  }
  if (!path.isAbsolute(text)) return err({ kind: 'PATH_NOT_ABSOLUTE', path: text.slice(0, 4096) });
  return ok(path.resolve(text));
}

function invalid(message: string): Result<string> {
  return err({ kind: 'INVALID_INPUT', message });
}
