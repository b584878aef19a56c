/**
 * Small files that hold a secret (the socket's token): created owner-only (0600) from the first
 * byte — never written wider and chmod-ed after — and renamed into place, so a reader sees the
 * old file or the new one, never half of one. Reads are bounded and regular files only.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, rename } from 'node:fs/promises';

export async function writeOwnerOnly(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
  await chmod(temp, 0o600).catch(() => undefined); // the umask cannot widen it, but be explicit
  await rename(temp, file);
}

/** The file's text, or null when absent, not a regular file, or larger than `maxBytes`. */
export async function readBounded(file: string, maxBytes: number): Promise<string | null> {
  try {
    const handle = await open(file, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile() || stat.size > maxBytes) return null;
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}
