/**
 * The Codex dedupe keys of one account, searched where they lie in the saved index.
 *
 * A heavy user has tens of thousands of keys (one per model request). The index saves them as
 * one string, sorted and joined by newlines; a warm start used to split that into a set of them
 * all (tens of thousands of strings and a hash table, in the first milliseconds of the engine,
 * before the JIT has warmed up, most of it garbage to collect) to then ask about the few hundred
 * requests that are new. Here the saved string is binary-searched in place (a dozen line compares
 * per question) and only keys added since live in a set; saving merges the new keys into the
 * sorted string.
 *
 * Keys are compared by UTF-16 code units (`<`), the order `Array.prototype.sort` gives. A key
 * holding a newline (a model name could) cannot be a line: then the keys are saved as an array
 * and held in a plain set.
 */

/** What the Codex parser needs of its dedupe keys (a `Set<string>` is one too). */
export interface CodexSeen {
  has(key: string): boolean;
  add(key: string): unknown;
}

/** Start of the first line of `lines` (sorted, newline-joined) that is >= `key`; `lines.length` if none. */
function lowerBound(lines: string, key: string): number {
  // lo and hi are always line starts (or the end); lines before lo are < key, lines from hi on are >= key.
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = lines.lastIndexOf('\n', mid - 1) + 1;
    let end = lines.indexOf('\n', start);
    if (end === -1) end = lines.length;
    if (lines.slice(start, end) < key) lo = end === lines.length ? end : end + 1;
    else hi = start;
  }
  return lo;
}

/** Whether `key` is a line of `lines` (sorted, newline-joined). */
export function sortedLinesHas(lines: string, key: string): boolean {
  const at = lowerBound(lines, key);
  if (at >= lines.length) return false;
  const end = lines.indexOf('\n', at);
  return (end === -1 ? lines.slice(at) : lines.slice(at, end)) === key;
}

/** `lines` (sorted, newline-joined, possibly empty) with `keys` (sorted, none in `lines`) merged in. */
export function mergeSortedLines(lines: string, keys: readonly string[]): string {
  const out: string[] = [];
  let pos = 0;
  for (const key of keys) {
    const at = lowerBound(lines, key);
    // The lines before `key`, without the newline that ends the last of them.
    if (at > pos) out.push(lines.slice(pos, at === lines.length ? at : at - 1));
    out.push(key);
    pos = at;
  }
  if (pos < lines.length) out.push(lines.slice(pos));
  return out.join('\n');
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One account's keys: the saved sorted string plus the keys added since. */
export class CodexSeenKeys implements CodexSeen {
  private readonly added = new Set<string>();

  private constructor(
    /** Sorted, newline-joined; '' for none. */
    private readonly lines: string,
    /** Instead of `lines` when a saved key holds a newline. */
    private readonly plain: Set<string> | null,
  ) {}

  /** Keys as the index saved them (see {@link toSaved}); none when undefined. */
  static fromSaved(saved: string[] | string | undefined): CodexSeenKeys {
    if (saved === undefined) return new CodexSeenKeys('', null);
    return typeof saved === 'string' ? new CodexSeenKeys(saved, null) : new CodexSeenKeys('', new Set(saved));
  }

  has(key: string): boolean {
    if (this.added.has(key)) return true;
    return this.plain ? this.plain.has(key) : sortedLinesHas(this.lines, key);
  }

  add(key: string): this {
    if (!this.has(key)) this.added.add(key);
    return this;
  }

  /** Keys added since the index was loaded (tests, diagnostics). */
  get addedCount(): number {
    return this.added.size;
  }

  /** For the index: one sorted newline-joined string, or an array when a key holds a newline. */
  toSaved(): string[] | string {
    const added = [...this.added];
    if (this.plain || added.some((key) => key.includes('\n'))) {
      return [...(this.plain ?? (this.lines === '' ? [] : this.lines.split('\n'))), ...added];
    }
    if (added.length === 0) return this.lines;
    return mergeSortedLines(this.lines, added.sort(compareKeys));
  }
}
