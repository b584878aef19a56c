/**
 * Open a URL in the user's default browser, without a shell.
 *
 * On Linux without a display (a server, an SSH session) there is nothing to open a browser on;
 * say so in one line instead of failing silently.
 */
import { spawn } from 'node:child_process';

export function browserUnavailableReason(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null {
  if (platform === 'darwin' || platform === 'win32') return null;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display here (DISPLAY and WAYLAND_DISPLAY are not set)';
  return null;
}

export function openBrowser(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): void {
  const hint = (reason: string): void =>
    void process.stderr.write(`Could not open a browser: ${reason}. Open the URL above in a browser on this machine.\n`);
  const unavailable = browserUnavailableReason(platform, env);
  if (unavailable) return hint(unavailable);
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', (error) => hint(`${command} failed (${error.message})`));
    child.unref();
  } catch (error) {
    hint(`${command} failed (${(error as Error).message})`);
  }
}
