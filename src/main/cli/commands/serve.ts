/**
 * `agent-orchestrator serve`: the engine plus the web UI, in the foreground.
 *
 * Also how the desktop shell runs the engine (`--ready-json --allow-origin file:// --exit-with-stdin`).
 */
import { startEngine } from '../../engine/index.ts';
import { startServer } from '../../transport/server.ts';
import { openBrowser } from '../open-browser.ts';
import { parseFlags, parsePort } from '../parse-flags.ts';
import { findRendererDir } from '../renderer-dir.ts';

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    open: { type: 'boolean' },
    // Used by the desktop shell, not documented in --help.
    'ready-json': { type: 'boolean' },
    'allow-origin': { type: 'string', multiple: true },
    'exit-with-stdin': { type: 'boolean' },
  });
  const port = parsePort(values.port);
  const host = values.host ?? '127.0.0.1';

  const engine = await startEngine();
  const server = await startServer({
    engine,
    host,
    port,
    staticDir: await findRendererDir(),
    allowOrigins: values['allow-origin'] ?? [],
  });
  const url = `${server.baseUrl}/#token=${server.token}`;

  if (values['ready-json']) {
    process.stdout.write(
      JSON.stringify({ type: 'ready', baseUrl: server.baseUrl, token: server.token, port: server.port }) + '\n',
    );
  } else {
    process.stdout.write(`Listening on ${url}\n`);
  }
  if (values.open) openBrowser(url);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await server.close();
      await engine.dispose();
    })());

  await new Promise<void>((resolve) => {
    const finish = (): void => void stop().then(resolve, resolve);
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    process.once('SIGHUP', finish);
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
