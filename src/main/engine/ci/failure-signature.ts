/**
 * A failure's identity for dedupe: the same red commit read twice (or after a restart) has the
 * same signature; a new commit, a re-run (new run id) or another failing set has another.
 */
import { createHash } from 'node:crypto';

export function failureSignature(parts: {
  source: 'ci' | 'local';
  sha: string | null;
  /** Failing checks with something that changes on a re-run (the run id) or the exit code. */
  failing: readonly string[];
}): string {
  const text = [parts.source, parts.sha ?? '-', ...[...parts.failing].sort()].join('\0');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The key attempts are counted under. */
export function checkKey(source: 'ci' | 'local', name: string): string {
  return `${source}:${name}`;
}
