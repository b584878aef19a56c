#!/usr/bin/env node
/**
 * A local stand-in for the Gemini API, to record the real Gemini CLI's tool approval without an
 * account (see test/fixtures/agents/screens/README.md).
 *
 *   node scripts/gemini-local-server.mjs [--port 18557]
 *   GEMINI_API_KEY=x GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:18557 gemini
 *
 * (with `"security": {"auth": {"selectedType": "gemini-api-key"}}` in `~/.gemini/settings.json`
 * and the folder in `~/.gemini/trustedFolders.json`). The model router's request gets a low
 * complexity score; a turn gets a `run_shell_command` call (Gemini asks "Allow execution of
 * [Shell]?"); once the call's result comes back, it answers "Done.". Loopback only.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '18557' } } });
const MAX_BODY = 16 * 1024 * 1024;

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    const url = req.url ?? '';
    if (url.includes(':countTokens')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"totalTokens":10}');
      return;
    }
    if (!url.includes('enerateContent')) {
      res.writeHead(404).end('{}');
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      res.writeHead(400).end('{}');
      return;
    }
    const contents = Array.isArray(body.contents) ? body.contents : [];
    const answered = contents.some((content) => (content.parts ?? []).some((part) => part.functionResponse));
    const router = text.includes('complexity_score');
    const part = router
      ? { text: JSON.stringify({ complexity_reasoning: 'simple', complexity_score: 10 }) }
      : answered
        ? { text: 'Done.' }
        : { functionCall: { name: 'run_shell_command', args: { command: 'touch approved.txt && npm test', description: 'Run the tests' } } };
    const reply = {
      candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    };
    if (url.includes('alt=sse')) res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${JSON.stringify(reply)}\n\n`);
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  });
});
server.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
server.listen(Number(values.port), '127.0.0.1', () => console.error(`listening on http://127.0.0.1:${values.port}`));
