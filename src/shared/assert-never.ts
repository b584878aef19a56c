/**
 * Exhaustiveness guard for `switch (value.kind)`. Its own file, without zod: the CLI's error text
 * uses it, and a command's `--help` must not load the protocol's schemas (issue 14, CLI start).
 */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
