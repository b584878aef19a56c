/**
 * Terminal size limits, the same as the protocol's schema (callers inside the engine skip the
 * schema, so the service checks again).
 */
import type { AppError } from '../../../shared/errors.ts';

const MIN_COLS = 2;
const MAX_COLS = 1000;
const MIN_ROWS = 1;
const MAX_ROWS = 500;

export function validSize(cols: number, rows: number): boolean {
  return (
    Number.isInteger(cols) && Number.isInteger(rows) && cols >= MIN_COLS && cols <= MAX_COLS && rows >= MIN_ROWS && rows <= MAX_ROWS
  );
}

export function invalidSize(cols: number, rows: number): AppError {
  return {
    kind: 'INVALID_INPUT',
    message: `terminal size ${cols}x${rows} is outside ${MIN_COLS}-${MAX_COLS} columns, ${MIN_ROWS}-${MAX_ROWS} rows`,
  };
}
