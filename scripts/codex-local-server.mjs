#!/usr/bin/env node
/**
 * A local stand-in for the OpenAI Responses API, to record the real Codex CLI's approval and
 * usage-limit screens without an account (see test/fixtures/agents/screens/README.md).
 *
 *   node scripts/codex-local-server.mjs [--port 18555] [--mode approval|limit]
 *
 * Point Codex at it in `$CODEX_HOME/config.toml`:
 *   model_provider = "local"
 *   [model_providers.local]
 *   name = "local"
 *   base_url = "http://127.0.0.1:18555/v1"
 *   wire_api = "responses"
 *   env_key = "OPENAI_API_KEY"
 *
 * `approval`: the first turn calls Codex's `exec` tool, which runs `exec_command` with
 * `sandbox_permissions: "require_escalated"` (Codex asks "Would you like to run the following
 * command?"); once the tool output comes back, it answers "Done.". `limit`: every request gets
 * a 429 `usage_limit_reached` that resets in 4000 s. Listens on loopback only.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '18555' }, mode: { type: 'string', default: 'approval' } } });
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
    if (!req.url?.endsWith('/responses')) {
      res.writeHead(404).end('{}');
      return;
    }
    if (values.mode === 'limit') {
      const resetsAt = Math.floor(Date.now() / 1000) + 4000;
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'usage_limit_reached', message: 'The usage limit has been reached', plan_type: 'plus', resets_in_seconds: 4000, resets_at: resetsAt } }));
      return;
    }
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end('{}');
      return;
    }
    const input = Array.isArray(body.input) ? body.input : [];
    const answered = input.some((item) => typeof item?.type === 'string' && item.type.endsWith('_call_output'));
    // Codex asks for a task title in a separate request: answer it plainly.
    const titleRequest = JSON.stringify(input).includes('Generate a concise, single-line task title');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    const id = `resp_${Date.now()}`;
    event('response.created', { response: { id } });
    if (!answered && !titleRequest) {
      const js = "await tools.exec_command({ cmd: 'touch approved.txt && npm test', sandbox_permissions: 'require_escalated', justification: 'Do you want to run the tests outside the sandbox?' });";
      event('response.output_item.done', { item: { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_1', name: 'exec', input: js } });
    } else {
      event('response.output_item.done', { item: { type: 'message', role: 'assistant', id: 'msg_1', content: [{ type: 'output_text', text: titleRequest ? 'Fix it' : 'Done.' }] } });
    }
    const usage = { input_tokens: 10, input_tokens_details: null, output_tokens: 5, output_tokens_details: null, total_tokens: 15 };
    event('response.completed', { response: { id, usage } });
    res.end();
  });
});
server.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
server.listen(Number(values.port), '127.0.0.1', () => console.error(`listening on http://127.0.0.1:${values.port}/v1 (${values.mode})`));
