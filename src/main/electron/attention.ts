/**
 * Shows the number of agents needing input on the app icon (dock badge, Unity launcher count,
 * Windows taskbar overlay) and asks for attention once when it grows while the user is away.
 * What to show is decided in `decisions/attention-badge.ts`.
 */
import { app, nativeImage, type BrowserWindow } from 'electron';
import { badgeAction, badgeBitmap, shouldRequestAttention } from './decisions/attention-badge.ts';

/** Overlay icons are 16 DIP; drawn at 32 px for high-DPI taskbars. */
const OVERLAY_PIXELS = 32;

export class AttentionBadge {
  private shown = 0;
  private noBadgeLogged = false;

  constructor(private readonly log: (line: string) => void) {}

  /** Show `count`; `window` is the main window if one is open. */
  update(count: number, window: BrowserWindow | null): void {
    const previous = this.shown;
    this.shown = count;
    this.apply(count, window);
    if (shouldRequestAttention(previous, count, window?.isFocused() ?? false)) {
      if (process.platform === 'darwin') app.dock?.bounce('informational');
      else if (window !== null && !window.isDestroyed()) window.flashFrame(true);
    }
  }

  /** Re-apply to a new window (the Windows overlay belongs to a window). */
  attach(window: BrowserWindow): void {
    this.apply(this.shown, window);
    window.on('focus', () => window.flashFrame(false));
  }

  private apply(count: number, window: BrowserWindow | null): void {
    const action = badgeAction(count, process.platform);
    if (action.kind === 'badge-count') {
      // False where the desktop has no badge (a Linux dock without the Unity API): fine.
      if (!app.setBadgeCount(action.count) && count > 0 && !this.noBadgeLogged) {
        this.noBadgeLogged = true;
        this.log('this desktop shows no badge count');
      }
      return;
    }
    if (window === null || window.isDestroyed()) return;
    const bitmap = badgeBitmap(action.count, OVERLAY_PIXELS);
    const image =
      bitmap === null
        ? null
        : nativeImage.createFromBitmap(Buffer.from(bitmap.data), { width: bitmap.width, height: bitmap.height, scaleFactor: 2 });
    window.setOverlayIcon(image, action.description);
  }
}
