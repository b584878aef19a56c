/**
 * `agent-orchestrator serve`: the engine plus the web UI, in the foreground.
 *
 * Also how the desktop shell runs the engine (`--ready-json --allow-origin file:// --exit-with-stdin`).
 */
import { isLoopbackName } from '../../transport/auth.ts';
import { UsageError } from '../usage-error.ts';
import { errorText } from '../error-text.ts';
import { openBrowser } from '../open-browser.ts';
import { parseFlags, parsePort } from '../parse-flags.ts';

/** Longest a signalled engine takes to stop before it exits regardless. */
const SHUTDOWN_GRACE_MS = 5_000;

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    'allow-remote': { type: 'boolean' },
    'new-token': { type: 'boolean' },
    // Used by the desktop shell, not documented in --help.
    'ready-json': { type: 'boolean' },
    'allow-origin': { type: 'string', multiple: true },
    'exit-with-stdin': { type: 'boolean' },
  });
  const requestedPort = values.port === undefined ? null : parsePort(values.port);
  const host = values.host ?? '127.0.0.1';
  const readyJson = values['ready-json'] === true;
  const remote = !isLoopbackName(host.replace(/^\[|\]$/g, ''));
  if (remote && !values['allow-remote']) {
    throw new UsageError(
      `--host ${host} would let other machines reach the engine, which runs commands in your terminals and ` +
        'worktrees, protected only by its token over plain HTTP. Add --allow-remote if you mean it.',
    );
  }

  // The engine loads only once the flags are valid: a usage error answers at once.
  const { startServing } = await import('../serving.ts');
  const serving = await startServing({
    owner: readyJson ? 'desktop' : 'serve',
    host,
    port: requestedPort,
    rotateToken: values['new-token'] === true,
    allowOrigins: values['allow-origin'] ?? [],
  });
  if (!serving.ok) {
    // One engine per data folder: say where the running one is instead of starting a second.
    const error = serving.running ?? { kind: 'INTERNAL' as const, message: serving.reason };
    if (readyJson) process.stdout.write(JSON.stringify({ type: 'error', error }) + '\n');
    process.stderr.write(`agent-orchestrator serve: ${serving.running ? errorText(serving.running) : serving.reason}\n`);
    return 1;
  }
  const { engine, server } = serving;
  if (remote) {
    process.stderr.write(
      `warning: listening on ${host}: anyone who can reach this machine and learns the token controls your terminals. ` +
        'Traffic is not encrypted; prefer an SSH tunnel to 127.0.0.1.\n',
    );
  }
  const url = `${server.baseUrl}/#token=${server.token}`;

  if (readyJson) {
    process.stdout.write(
      JSON.stringify({ type: 'ready', baseUrl: server.baseUrl, token: server.token, port: server.port }) + '\n',
    );
  } else {
    process.stdout.write(`Listening on ${url}\n`);
  }
  // The browser's command line is readable by every local user: give it a one-time URL.
  if (values.open) openBrowser(server.openUrl());

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await server.close();
      await engine.dispose();
    })());

  await new Promise<void>((resolve) => {
    let signals = 0;
    const finish = (): void => {
      // Shutdown normally takes milliseconds; whatever holds it up, the engine exits within
      // SHUTDOWN_GRACE_MS of the first signal, and at once on the second.
      if (++signals > 1) process.exit(130);
      setTimeout(() => {
        process.stderr.write(`agent-orchestrator serve: shutdown took over ${SHUTDOWN_GRACE_MS / 1000} s; exiting now\n`);
        process.exit(1);
      }, SHUTDOWN_GRACE_MS).unref();
      void stop().then(resolve, resolve);
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    process.on('SIGHUP', finish);
    // The desktop shell holds our stdin open; when it dies without killing us, stdin ends.
    if (values['exit-with-stdin']) {
      process.stdin.on('end', finish);
      process.stdin.on('close', finish);
      process.stdin.resume();
    }
  });
  // An open stdin (held by the shell) would keep the process alive after shutdown.
  if (values['exit-with-stdin']) process.stdin.destroy();
  return 0;
}
