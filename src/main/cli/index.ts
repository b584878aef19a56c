/**
 * `agent-orchestrator`: the command-line face of the engine.
 *
 * Each command lives in `commands/`; this file only dispatches. Returns the exit code instead of
 * calling `process.exit`, so tests can run commands in-process and pending output is flushed.
 */
import { surviveClosedOutput } from './closed-output.ts';
import { HELP_TEXT } from './help.ts';
import { UsageError } from './usage-error.ts';

type Command = (args: string[]) => Promise<number>;

/**
 * Commands are imported on demand: start-up cost is one command's code, never all of them (the
 * bundled build splits each into its own chunk, so `usage` never parses the engine's server code).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  agents: async () => (await import('./commands/agents.ts')).agentsCommand,
  attach: async () => (await import('./commands/attach.ts')).attachCommand,
  ci: async () => (await import('./commands/ci.ts')).ciCommand,
  contains: async () => {
    const { containsCommand } = await import('./commands/git-map.ts');
    return (args) => containsCommand(args);
  },
  fix: async () => {
    const { fixCommand } = await import('./commands/fix.ts');
    return (args) => fixCommand(args);
  },
  integrate: async () => {
    const { integrateCommand } = await import('./commands/restack.ts');
    return (args) => integrateCommand(args);
  },
  land: async () => {
    const { landCommand } = await import('./commands/land.ts');
    return (args) => landCommand(args);
  },
  map: async () => {
    const { mapCommand } = await import('./commands/git-map.ts');
    return (args) => mapCommand(args);
  },
  restack: async () => {
    const { restackCommand } = await import('./commands/restack.ts');
    return (args) => restackCommand(args);
  },
  run: async () => {
    const { runCommand } = await import('./commands/run.ts');
    return (args) => runCommand(args);
  },
  send: async () => (await import('./commands/send.ts')).sendCommand,
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  status: async () => (await import('./commands/status.ts')).statusCommand,
  target: async () => {
    const { targetCommand } = await import('./commands/git-map.ts');
    return (args) => targetCommand(args);
  },
  trust: async () => {
    const { trustCommand } = await import('./commands/trust.ts');
    return (args) => trustCommand(args);
  },
  usage: async () => (await import('./commands/usage.ts')).usageCommand,
  worktree: async () => {
    const { worktreeCommand } = await import('./commands/worktree.ts');
    return (args) => worktreeCommand(args);
  },
};

/** Every command's name (test/integration/cli/cli-start-imports.test.ts runs each one's --help and its subcommands'). */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

export async function main(argv: string[]): Promise<number> {
  surviveClosedOutput(process.stdout);
  surviveClosedOutput(process.stderr);
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(HELP_TEXT);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    // version.ts alone, not discovery.ts: the version must not load zod (engine.json's schema) or a lock library.
    const { APP_VERSION } = await import('../engine/version.ts');
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (load && (rest.includes('--help') || rest.includes('-h'))) {
    // The text alone, without the command's code, an engine or the protocol's schemas: every
    // command and subcommand has one (test/integration/cli/cli-start-imports.test.ts).
    const { asksForHelp } = await import('./asks-for-help.ts');
    const text = asksForHelp(rest) ? (await import('./command-help.ts')).helpFor(first, rest) : null;
    if (text !== null) {
      process.stdout.write(text);
      return 0;
    }
  }
  if (!load) {
    process.stderr.write(`agent-orchestrator: unknown command '${first}'. See 'agent-orchestrator --help'.\n`);
    return 2;
  }
  const command = await load();
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
