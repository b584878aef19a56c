/**
 * Which URLs the shell may hand to the operating system (`shell.openExternal`).
 *
 * `openExternal` runs whatever handler the OS has for a scheme, so a compromised or tricked
 * renderer could use it to launch `file:`, `smb:`, `ms-msdt:` or custom-protocol handlers. Only
 * plain web links are allowed out, and never with embedded credentials (a classic phishing shape:
 * `https://github.com@evil.example/`).
 */

const EXTERNAL_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * Whether `url` may be opened in the user's browser.
 *
 * True only for well-formed absolute http(s) URLs with a host and no username/password.
 */
export function canOpenExternally(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    EXTERNAL_PROTOCOLS.has(parsed.protocol) &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
