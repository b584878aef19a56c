/**
 * The engine and its transport server as their own process, like in the app.
 *
 * Usage: node --import tsx bench/terminal-throughput/engine-host.ts <home>
 * Prints one JSON line `{ baseUrl, token }` when ready; shuts down when stdin closes.
 */
import { startEngine } from '../../src/main/engine/index.ts';
import { startServer } from '../../src/main/transport/server.ts';

const home = process.argv[2];
if (!home) {
  console.error('usage: engine-host.ts <home>');
  process.exit(2);
}

const engine = await startEngine({ home });
const server = await startServer({ engine, staticDir: null });
process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl, token: server.token })}\n`);

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close();
  await engine.dispose();
  process.exit(0);
}
process.stdin.on('end', () => void shutdown());
process.stdin.resume();
process.on('SIGTERM', () => void shutdown());
