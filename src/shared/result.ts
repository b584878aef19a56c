/**
 * Result values: how every engine procedure reports success or an {@link AppError}.
 */
import * as z from 'zod';
import { AppErrorSchema, type AppError } from './errors.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}

/** Schema of `Result<T>` for a given value schema, so results are validated like any output. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: AppErrorSchema }),
  ]);
}
