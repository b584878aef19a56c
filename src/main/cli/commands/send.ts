/**
 * `agent-orchestrator send WORKTREE TEXT`: type a line into the agent running in that worktree
 * (by folder name or path), as if typed in its pane, then Enter.
 */
import type { AppError } from '../../../shared/errors.ts';
import { MAX_PROMPT_CHARS } from '../../../shared/protocol/limits.ts';
import { EngineConnectError, withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { findAgentSession } from '../run/find-agent.ts';
import { UsageError } from '../usage-error.ts';
import { SEND_HELP } from '../command-help.ts';

export async function sendCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(SEND_HELP);
    return 0;
  }
  const { positionals } = parseFlags(args, {}, true);
  if (positionals.length !== 2) throw new UsageError("'send' takes a worktree and the text (quote it)");
  const [worktree, text] = positionals as [string, string];
  if (text.length > MAX_PROMPT_CHARS) throw new UsageError(`the text is longer than ${MAX_PROMPT_CHARS} characters`);
  const fail = (error: AppError): number => {
    process.stderr.write(`agent-orchestrator send: ${errorText(error)}\n`);
    return 1;
  };
  try {
    return await withEngine(
      async ({ client }) => {
        const agent = await findAgentSession(await client.agents.list(), worktree);
        if (!agent.ok) return fail(agent.error);
        // Bracketed paste keeps a multi-line text one message (the agent CLIs all understand it);
        // the carriage return afterwards submits it, as Enter would.
        const body = text.includes('\n') ? `\x1b[200~${text}\x1b[201~` : text;
        const written = await client.terminals.write({ sessionId: agent.value.sessionId, data: body });
        if (!written.ok) return fail(written.error);
        const entered = await client.terminals.write({ sessionId: agent.value.sessionId, data: '\r' });
        if (!entered.ok) return fail(entered.error);
        return 0;
      },
      { requireRunning: true },
    );
  } catch (error) {
    if (!(error instanceof EngineConnectError)) throw error;
    return fail(error.error);
  }
}
