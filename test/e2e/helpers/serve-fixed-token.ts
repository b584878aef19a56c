/**
 * `serve` with a fixed port and token, for the reconnect test.
 *
 * The real CLI picks a new token on every start, so a browser tab cannot reconnect to a
 * restarted engine by itself; the desktop shell hands the window fresh details instead. To test
 * the renderer's reconnect path (banner, re-subscribe, re-attach) the test restarts this server
 * on the same port with the same token.
 *
 * Usage: node --import tsx serve-fixed-token.ts <port> <token> <staticDir>
 */
import { startEngine } from '../../../src/main/engine/index.ts';
import { startServer } from '../../../src/main/transport/server.ts';

const [port, token, staticDir] = process.argv.slice(2);
if (!port || !token || !staticDir) throw new Error('usage: serve-fixed-token.ts <port> <token> <staticDir>');

const engine = await startEngine();
const server = await startServer({ engine, port: Number(port), token, staticDir });
process.stdout.write(`Listening on ${server.baseUrl}/#token=${server.token}\n`);

const stop = async (): Promise<void> => {
  await server.close();
  await engine.dispose();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
