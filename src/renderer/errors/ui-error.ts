/**
 * Errors the renderer can show: the engine's {@link AppError} union plus the failures that only
 * exist on this side of the socket (no connection, a call that threw instead of returning).
 */
import type { AppError } from '../../shared/errors.ts';

/** Failures of the transport itself, which the engine cannot report as values. */
export type ClientError =
  | { kind: 'ENGINE_DISCONNECTED' }
  | { kind: 'ENGINE_CALL_FAILED'; detail: string };

/** Everything `errorMessage` can turn into text. */
export type UiError = AppError | ClientError;

/** A procedure's outcome as the UI sees it. */
export type UiResult<T> = { ok: true; value: T } | { ok: false; error: UiError };
