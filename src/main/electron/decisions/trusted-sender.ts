/**
 * Whether an IPC message comes from our own renderer page.
 *
 * `ipcMain` handlers receive messages from any frame of any webContents. Navigation is blocked
 * everywhere, but the check stays in place as defence in depth: the endpoint token is only ever
 * given to the top frame showing our `index.html`.
 */

/**
 * True when `frameUrl` is the renderer's `index.html` (`rendererUrl`, a `file://` URL), ignoring
 * the query and fragment the renderer may set for its own routing.
 */
export function isTrustedRendererUrl(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (frameUrl === undefined || frameUrl === '') return false;
  let frame: URL;
  let expected: URL;
  try {
    frame = new URL(frameUrl);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  return (
    frame.protocol === 'file:' &&
    expected.protocol === 'file:' &&
    frame.host === expected.host &&
    frame.pathname === expected.pathname
  );
}
