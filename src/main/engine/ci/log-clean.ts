/**
 * Turning a CI log (or a local check's output) into a tail that is safe to show and to type into
 * an agent: no ANSI or control characters, no secrets, a bounded number of lines and characters.
 *
 * Masking is deliberately greedy: a false positive costs a `***` in a log line, a false negative
 * hands a credential to a model and to the screen. GitHub already masks its registered secrets
 * in Actions logs; this catches what it cannot know about (tokens printed by tools, `.env` dumps)
 * and everything a local check prints.
 */

/** Lines kept from the end of a log (ao v2 keeps 20; a compiler error often needs a few more). */
export const TAIL_LINES = 40;
/** Characters kept from the end of the tail (a prompt must stay short). */
export const TAIL_CHARS = 4_000;
/** Lines of each job's log kept for the checks panel (the prompt takes fewer). */
export const PANEL_LOG_LINES = 200;
/** Longest line kept (minified bundles and base64 blobs are noise, and may be secrets). */
const MAX_LINE_CHARS = 400;

/** CSI, OSC, and other escape sequences, and the C0/C1 controls except tab and newline. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;

/** GitHub Actions prefixes every line with an ISO time stamp; it only costs characters. */
const ACTIONS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;

/** Remove escape sequences and control characters; `\r\n` and lone `\r` become newlines. */
export function stripTerminalCodes(text: string): string {
  return text.replace(ESCAPES, '').replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/**
 * Token shapes with a recognisable prefix: GitHub (classic, fine-grained, app, OAuth), GitLab,
 * Slack, AWS access keys, OpenAI/Anthropic style `sk-` keys, Google API keys, npm tokens, JWTs.
 */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}\b/g,
  /\bAIza[A-Za-z0-9_-]{35}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g,
];

/** `Authorization: Bearer …` / `token …` headers echoed by curl -v and friends. */
const AUTH_HEADER = /\b(authorization\s*[:=]\s*(?:bearer|token|basic)?\s*)[^\s'"]+/gi;
/** Credentials in URLs: `https://user:secret@host`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi;
/**
 * `NAME=value` / `NAME: value` where the name ends in a word that says it is secret (`API_KEY`,
 * `DB_PASSWORD`, `client_secret`, `GITHUB_TOKEN`, …). The name must end there, so test output
 * like `PASSED: 12` or `tokens: 5` stays readable. The value runs to the end of the word or quote.
 */
const SECRET_ASSIGNMENT =
  /\b([A-Za-z0-9_.-]*(?:SECRET|TOKEN|PASSWORD|PASSWD|PWD|API[_-]?KEY|PRIVATE[_-]?KEY|ACCESS[_-]?KEY|CREDENTIALS?)\s*[=:]\s*)(["']?)([^\s"']+)\2/gi;
/** PEM blocks. */
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

export const MASK = '***';

/** Replace every secret-looking value with `***`; `known` are exact strings to mask too (the token in use). */
export function maskSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) {
    if (secret.length >= 8) out = out.split(secret).join(MASK);
  }
  out = out.replace(PRIVATE_KEY_BLOCK, `-----BEGIN PRIVATE KEY----- ${MASK}`);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, MASK);
  out = out.replace(AUTH_HEADER, `$1${MASK}`);
  out = out.replace(URL_CREDENTIALS, `$1${MASK}@`);
  out = out.replace(SECRET_ASSIGNMENT, (match, name: string, quote: string, value: string) =>
    value.startsWith(MASK) || value.length < 3 ? match : `${name}${quote}${MASK}${quote}`,
  );
  return out;
}

/**
 * The cleaned, masked end of a log: at most {@link TAIL_LINES} lines and {@link TAIL_CHARS}
 * characters, Actions time stamps removed, over-long lines cut, trailing blank lines dropped.
 */
export function cleanLogTail(
  raw: string,
  options: { lines?: number; chars?: number; known?: readonly string[] } = {},
): string {
  const maxLines = options.lines ?? TAIL_LINES;
  const maxChars = options.chars ?? TAIL_CHARS;
  // Mask the whole text first: a PEM block or a wrapped token may straddle the cut.
  const text = maskSecrets(stripTerminalCodes(raw), options.known);
  const lines = text
    .split('\n')
    .map((line) => line.replace(ACTIONS_TIMESTAMP, '').replace(/\s+$/, ''))
    // Actions' workflow commands: keep their text, drop the markers.
    .filter((line) => line !== '##[endgroup]')
    .map((line) => line.replace(/^##\[group\]/, '').replace(/^##\[error\]/, 'Error: ').replace(/^##\[(?:warning|notice|debug)\]/, ''))
    .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const kept = lines.slice(-maxLines).join('\n');
  return kept.length <= maxChars ? kept : `…${kept.slice(-maxChars)}`;
}

/**
 * The failing step named in an Actions log: the last `##[group]Run …` before the first
 * `##[error]`, for logs whose job has no step data.
 */
export function failingStepFromLog(raw: string): string | null {
  const lines = stripTerminalCodes(raw).split('\n').map((line) => line.replace(ACTIONS_TIMESTAMP, ''));
  let step: string | null = null;
  for (const line of lines) {
    const group = /^##\[group\](.*)$/.exec(line);
    if (group) step = group[1]!.trim();
    if (line.startsWith('##[error]')) return step;
  }
  return null;
}
