/**
 * Saved screens: `<home>/screens/<session id>.txt`, the serialized headless terminal.
 *
 * A session's screen is saved when its process exits and when the engine shuts down, so a client
 * attaching after a restart still sees what the session last showed. Files are written to a temp
 * name and renamed, so a crash mid-write leaves the previous screen, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Reads and writes the saved screens of one data directory. */
export class ScreenStore {
  private readonly dir: string;

  constructor(home: string) {
    this.dir = path.join(home, 'screens');
  }

  fileOf(sessionId: string): string {
    return path.join(this.dir, `${sessionId}.txt`);
  }

  async save(sessionId: string, snapshot: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.fileOf(sessionId);
    // Random, not a counter: two stores on one folder (tests, a second engine) never collide.
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, snapshot, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, file);
  }

  /** The saved screen, or null when there is none. */
  async load(sessionId: string): Promise<string | null> {
    try {
      return await readFile(this.fileOf(sessionId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(sessionId: string): Promise<void> {
    await rm(this.fileOf(sessionId), { force: true });
  }
}
