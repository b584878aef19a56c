/**
 * Rules applied to every webContents the app ever creates (`app.on('web-contents-created')`).
 *
 * The app shows one local page; it never needs to navigate, open windows or embed webviews. So a
 * page that tries to (an XSS in rendered agent output, a link in a terminal) is stopped here,
 * whichever window or frame it comes from, including ones created after this was installed.
 */
import { shell, type WebContents } from 'electron';
import { canOpenExternally } from './decisions/external-url.ts';

/**
 * Block navigation, deny new windows (web links go to the user's browser), refuse `<webview>`.
 */
export function hardenWebContents(contents: WebContents, log: (line: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    // Reloads do not emit will-navigate; any real navigation would leave our page.
    event.preventDefault();
    log(`blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (canOpenExternally(url)) {
      shell.openExternal(url).catch((error: unknown) => log(`openExternal failed for ${url}: ${String(error)}`));
    } else {
      log(`blocked window.open of ${url}`);
    }
    return { action: 'deny' };
  });
}
