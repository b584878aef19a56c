/**
 * `agent-orchestrator`: the command-line face of the engine.
 *
 * Each command lives in `commands/`; this file only dispatches. Returns the exit code instead of
 * calling `process.exit`, so tests can run commands in-process and pending output is flushed.
 */
import { APP_VERSION } from '../engine/discovery.ts';
import { HELP_TEXT } from './help.ts';
import { agentsCommand } from './commands/agents.ts';
import { ciCommand } from './commands/ci.ts';
import { attachCommand } from './commands/attach.ts';
import { runCommand } from './commands/run.ts';
import { sendCommand } from './commands/send.ts';
import { fixCommand } from './commands/fix.ts';
import { landCommand } from './commands/land.ts';
import { integrateCommand, restackCommand } from './commands/restack.ts';
import { serveCommand } from './commands/serve.ts';
import { statusCommand } from './commands/status.ts';
import { worktreeCommand } from './commands/worktree.ts';
import { UsageError } from './usage-error.ts';
import { usageCommand } from './commands/usage.ts';
import { containsCommand, mapCommand, targetCommand } from './commands/git-map.ts';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  agents: agentsCommand,
  ci: ciCommand,
  attach: attachCommand,
  run: (args) => runCommand(args),
  send: sendCommand,
  contains: (args) => containsCommand(args),
  map: (args) => mapCommand(args),
  target: (args) => targetCommand(args),
  fix: (args) => fixCommand(args),
  integrate: (args) => integrateCommand(args),
  land: (args) => landCommand(args),
  restack: (args) => restackCommand(args),
  serve: serveCommand,
  status: statusCommand,
  usage: usageCommand,
  worktree: (args) => worktreeCommand(args),
};

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    process.stderr.write(`agent-orchestrator: unknown command '${first}'. See 'agent-orchestrator --help'.\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`agent-orchestrator ${first}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
