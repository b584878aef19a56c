/**
 * `agent-orchestrator attach WORKTREE`: this terminal becomes the agent's terminal.
 *
 * The agent's screen is drawn first (the engine's snapshot), then live output; keys go to the
 * agent; the terminal's size is forwarded (the agent's pane in the app takes it too). Ctrl-]
 * detaches — as in telnet — and the agent keeps running. Output is acknowledged after it is
 * written to stdout, so a slow terminal slows the agent's output instead of piling it up.
 */
import type { WebSocketLike } from '../../../shared/protocol/client.ts';
import type { AppError } from '../../../shared/errors.ts';
import { EngineConnectError, connectEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { findAgentSession } from '../run/find-agent.ts';
import { UsageError } from '../usage-error.ts';
import { ATTACH_HELP } from '../command-help.ts';

/** Ctrl-]: the detach key. */
export const DETACH_BYTE = 0x1d;

export async function attachCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(ATTACH_HELP);
    return 0;
  }
  const { positionals } = parseFlags(args, {}, true);
  if (positionals.length !== 1) throw new UsageError("'attach' takes one worktree (folder name or path)");
  const fail = (error: AppError): number => {
    process.stderr.write(`agent-orchestrator attach: ${errorText(error)}\n`);
    return 1;
  };
  const engine = await connectEngine({ requireRunning: true }).catch((error: unknown) => {
    if (error instanceof EngineConnectError) return error;
    throw error;
  });
  if (engine instanceof EngineConnectError) return fail(engine.error);
  try {
    const agent = await findAgentSession(await engine.client.agents.list(), positionals[0]!);
    if (!agent.ok) return fail(agent.error);
    const { sessionId } = agent.value;
    const remote = engine.remote!;
    // The socket and protocol code load only now, so `attach --help` or a usage error costs none of it.
    const [{ WebSocket }, { wsUrl }, { TerminalDataClient }, { DATA_PATH }] = await Promise.all([
      import('ws'),
      import('../../../shared/protocol/client.ts'),
      import('../../../shared/protocol/data-client.ts'),
      import('../../../shared/protocol/index.ts'),
    ]);
    const socket = new WebSocket(wsUrl(remote, DATA_PATH));
    socket.on('error', () => undefined);
    const data = new TerminalDataClient(socket as unknown as WebSocketLike);

    const stdin = process.stdin;
    const stdout = process.stdout;
    const resize = (): void => {
      if (stdout.columns && stdout.rows) void engine.client.terminals.resize({ sessionId, cols: stdout.columns, rows: stdout.rows }).catch(() => undefined);
    };
    const outcome = await new Promise<{ code: number; message: string }>((resolve) => {
      data.attach(sessionId, {
        onSnapshot: (screen) => stdout.write(`\x1b[2J\x1b[H${screen}`),
        onData: (bytes, processed) => void stdout.write(bytes, () => processed()),
        onExit: (exitCode) => resolve({ code: 0, message: `\r\n[the agent exited with code ${exitCode}]\r\n` }),
        onError: (error) => resolve({ code: 1, message: `\r\nagent-orchestrator attach: ${errorText(error)}\r\n` }),
      });
      socket.on('close', () => resolve({ code: 1, message: '\r\n[the engine closed the connection]\r\n' }));
      if (stdin.isTTY) stdin.setRawMode(true);
      stdin.resume();
      stdin.on('data', (chunk: Buffer) => {
        const detachAt = chunk.indexOf(DETACH_BYTE);
        if (detachAt === -1) return data.input(sessionId, new Uint8Array(chunk));
        if (detachAt > 0) data.input(sessionId, new Uint8Array(chunk.subarray(0, detachAt)));
        resolve({ code: 0, message: '\r\n[detached; the agent keeps running]\r\n' });
      });
      stdin.on('end', () => resolve({ code: 0, message: '\r\n[detached; the agent keeps running]\r\n' }));
      stdout.on('resize', resize);
      resize();
    });
    stdout.off('resize', resize);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
    data.detach(sessionId);
    data.close();
    socket.close();
    process.stderr.write(outcome.message);
    return outcome.code;
  } finally {
    await engine.close();
  }
}
