#!/usr/bin/env node
/**
 * A local stand-in for the Anthropic Messages API, to record the real Claude Code's tool approval
 * without an account (see test/fixtures/agents/screens/README.md).
 *
 *   node scripts/claude-local-server.mjs [--port 18558]
 *   ANTHROPIC_API_KEY=sk-ant-x ANTHROPIC_BASE_URL=http://127.0.0.1:18558 claude
 *
 * (with onboarding done and the folder trusted in `~/.claude.json`; answer "Yes" to the API-key
 * question). A turn gets a `Bash` tool call (Claude Code asks "Do you want to proceed?"); once
 * its result comes back, it answers "Done.". Loopback only.
 *
 * `--mode rate-limit` answers every message with the API's real 429 instead (`rate_limit_error`,
 * with `retry-after` and the `anthropic-ratelimit-*` reset headers), which is what an API-key
 * user sees when the organisation's rate limit is used up.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '18558' }, mode: { type: 'string', default: 'ok' } } });
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
    const json = (status, value) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (!url.startsWith('/v1/messages')) return json(404, {});
    if (url.includes('count_tokens')) return json(200, { input_tokens: 10 });
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(400, {});
    }
    if (values.mode === 'rate-limit') {
      const reset = new Date(Date.now() + 60 * 60_000).toISOString();
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': '3600',
        'anthropic-ratelimit-input-tokens-limit': '50000',
        'anthropic-ratelimit-input-tokens-remaining': '0',
        'anthropic-ratelimit-input-tokens-reset': reset,
        'anthropic-ratelimit-requests-reset': reset,
        'request-id': 'req_local_1',
      });
      res.end(JSON.stringify({
        type: 'error',
        error: {
          type: 'rate_limit_error',
          message: 'This request would exceed the rate limit for your organization (local) of 50,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
        },
        request_id: 'req_local_1',
      }));
      return undefined;
    }
    const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const message = { id: 'msg_1', type: 'message', role: 'assistant', model: body.model ?? 'claude', content: [], stop_reason: null, stop_sequence: null, usage };
    if (!body.stream) return json(200, { ...message, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn' });
    const answered = JSON.stringify(body.messages ?? []).includes('"tool_result"');
    const hasBash = (body.tools ?? []).some((tool) => tool.name === 'Bash');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    event('message_start', { message });
    if (hasBash && !answered) {
      const input = JSON.stringify({ command: 'touch approved.txt && npm test', description: 'Run the tests' });
      event('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} } });
      event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: input } });
      event('content_block_stop', { index: 0 });
      event('message_delta', { delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 5 } });
    } else {
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Done.' } });
      event('content_block_stop', { index: 0 });
      event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } });
    }
    event('message_stop', {});
    res.end();
    return undefined;
  });
});
server.on('error', (error) => {
  console.error(error.message);
  process.exit(1);
});
server.listen(Number(values.port), '127.0.0.1', () => console.error(`listening on http://127.0.0.1:${values.port}`));
