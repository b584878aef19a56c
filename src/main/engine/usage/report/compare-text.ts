/**
 * Ordering of the strings a report sorts by (days, ISO times, provider ids, paths, model ids).
 *
 * By UTF-16 code units, not `localeCompare`: the first `localeCompare` in a process builds ICU's
 * collator (~14 ms, on the first query of every engine start, warm start included), and these
 * are identifiers, not prose: a stable order that does not depend on the user's locale is what a
 * report wants. Days and ISO times sort the same either way.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
