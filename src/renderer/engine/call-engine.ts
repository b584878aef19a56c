/**
 * Calling a procedure without letting transport failures escape as exceptions.
 */
import type { EngineClient } from '../../shared/protocol/index.ts';
import type { Result } from '../../shared/result.ts';
import type { UiResult } from '../errors/ui-error.ts';

/** Anything that can hand out the current client (null while disconnected). */
export interface EngineAccess {
  readonly client: EngineClient | null;
}

/**
 * Run one procedure that returns a `Result`; a missing connection or a thrown error becomes an
 * error value too, so callers handle every failure in one `if (!result.ok)`.
 */
export async function callEngine<T>(
  engine: EngineAccess,
  call: (client: EngineClient) => Promise<Result<T>>,
): Promise<UiResult<T>> {
  const client = engine.client;
  if (!client) return { ok: false, error: { kind: 'ENGINE_DISCONNECTED' } };
  try {
    return await call(client);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { kind: 'ENGINE_CALL_FAILED', detail } };
  }
}
