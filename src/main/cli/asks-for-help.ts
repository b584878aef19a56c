/**
 * Whether a command's arguments ask for its help: apart from command-help.ts, whose texts (18 KB)
 * a command that is not asked for help never needs to compile (issue 14, CLI start).
 */

/** `--help` or `-h` among a command's arguments, before a `--` (after it, they are operands). */
export function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
