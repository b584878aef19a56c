/**
 * What repository trust (`trust/`) is pinned to: a hash of the bytes of `agent-orchestrator.json` exactly as
 * the engine parsed them. Any change to the file (a new setup command, an agent's env) gives a
 * new hash, so trust granted for the old content no longer applies and the user is asked again.
 */
import { createHash } from 'node:crypto';

/** The hash recorded for a repository without `agent-orchestrator.json`. */
export const NO_CONFIG_HASH = 'none';

export function hashConfigBytes(bytes: Buffer | null): string {
  if (bytes === null) return NO_CONFIG_HASH;
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
