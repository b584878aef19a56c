/**
 * The data folder holds the hook secret, saved terminal screens (which show whatever the user's
 * terminals showed: tokens, keys) and logs: owner-only, like ~/.ssh.
 */
import { chmod, mkdir, stat } from 'node:fs/promises';

/** Create `home` (0700) or tighten an existing one we own; never fails the start. */
export async function ensurePrivateHome(home: string): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  try {
    const info = await stat(home);
    const ours = typeof process.getuid !== 'function' || info.uid === process.getuid();
    if (ours && (info.mode & 0o077) !== 0) await chmod(home, info.mode & 0o700);
  } catch {
    // A folder we cannot inspect is reported when a file in it cannot be written.
  }
}
