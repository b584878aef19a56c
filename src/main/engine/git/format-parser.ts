/**
 * Typed parsing of NUL-delimited `--format` output (`git log`, `git for-each-ref`).
 *
 * Commit subjects, ref names and paths can contain anything but NUL, so fields are separated by
 * `%x00` and looked up by name instead of by position in a split line.
 */

/** The parser produced for one field map. */
export interface FormatParser<K extends string> {
  /** The `--format=…` argument to pass to git. */
  readonly formatArg: string;
  /** Turn git's stdout into one record per commit/ref, keyed like the field map. */
  parse(stdout: string): Array<Record<K, string>>;
}

/** Which command's format language: `log`/`rev-list`/`show`, or `for-each-ref`/`branch`. */
export type FormatDialect = 'log' | 'ref';

/**
 * Build the format argument and the matching parser for a map of field name → placeholder.
 *
 * Each field is followed by NUL. git ends each record with a newline, which is therefore stripped
 * from the start of the next record's first field: put a field that can never begin with a newline
 * first (`%H`, `%(refname)`). Do not add `-z`: it would insert an extra NUL between records.
 *
 * @example
 * const parser = createFormatParser({ sha: '%H', parents: '%P', refs: '%D' });
 * const { stdout } = await git(['log', parser.formatArg, 'main'], { cwd });
 * for (const commit of parser.parse(stdout)) commit.parents.split(' ');
 */
export function createFormatParser<K extends string>(
  fields: Readonly<Record<K, string>>,
  dialect: FormatDialect = 'log',
): FormatParser<K> {
  const keys = Object.keys(fields) as K[];
  // `log` spells NUL `%x00`; `for-each-ref` spells it `%00` (there `%xx` is any hex byte).
  const nul = dialect === 'log' ? '%x00' : '%00';
  const formatArg = `--format=${keys.map((key) => `${fields[key]}${nul}`).join('')}`;
  return {
    formatArg,
    parse(stdout: string): Array<Record<K, string>> {
      const tokens = stdout.split('\0');
      const records: Array<Record<K, string>> = [];
      // The tail after the last field separator is only the record terminator.
      const complete = tokens.length - 1 - ((tokens.length - 1) % keys.length);
      for (let start = 0; start < complete; start += keys.length) {
        const record = {} as Record<K, string>;
        keys.forEach((key, index) => {
          const value = tokens[start + index] ?? '';
          record[key] = index === 0 ? value.replace(/^\n/, '') : value;
        });
        records.push(record);
      }
      return records;
    },
  };
}
