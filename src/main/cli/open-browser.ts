/**
 * Open a URL in the user's default browser, without a shell.
 */
import { spawn } from 'node:child_process';

export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
    child.unref();
  } catch {
    process.stderr.write(`Could not open a browser; open ${url} yourself.\n`);
  }
}
