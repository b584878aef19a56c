/**
 * Runs `usageCommand` as its own process (so tests can set TZ), the way the CLI's main() does
 * until the lead wires `usage` into src/main/cli/index.ts.
 */
import { usageCommand } from '../../../src/main/cli/commands/usage.ts';
import { UsageError } from '../../../src/main/cli/usage-error.ts';

try {
  process.exitCode = await usageCommand(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`agent-orchestrator usage: ${error.message}\n`);
  process.exitCode = 2;
}
