/**
 * The web UI's address across restarts: one token per data folder and the last port.
 *
 * A browser tab keeps the URL it was opened with. If every start picked a new port and token,
 * a reload after an engine restart would reconnect forever to nothing. So the token is kept
 * (owner-only, like `engine.json`) until the user rotates it (`serve --new-token`), and the last
 * port is tried first. The token is as secret as before: it lives only in files only the user
 * can read, and in the fragment of URLs the user opens.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import * as z from 'zod';
import { readBounded, writeOwnerOnly } from './owner-only-file.ts';

const WEB_FILE = 'web.json';
const MAX_BYTES = 4096;

const WebIdentitySchema = z.object({
  token: z.string().min(16).max(256),
  port: z.number().int().min(1).max(65535).nullable(),
});
export type WebIdentity = z.infer<typeof WebIdentitySchema>;

function fileOf(home: string): string {
  return path.join(home, WEB_FILE);
}

export function newWebToken(): string {
  return randomBytes(24).toString('base64url');
}

async function read(home: string): Promise<WebIdentity | null> {
  const text = await readBounded(fileOf(home), MAX_BYTES);
  if (text === null) return null;
  try {
    const parsed = WebIdentitySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function write(home: string, identity: WebIdentity): Promise<void> {
  await writeOwnerOnly(fileOf(home), JSON.stringify(identity, null, 2) + '\n');
}

/** The saved token (a new one when none is saved, or when `rotate`) and the last port. */
export async function loadWebIdentity(home: string, options: { rotate?: boolean } = {}): Promise<WebIdentity> {
  const saved = await read(home);
  if (saved && !options.rotate) return saved;
  const identity = { token: newWebToken(), port: saved?.port ?? null };
  await write(home, identity);
  return identity;
}

/** Remember the port the server got, so the next start tries it first. */
export async function saveWebPort(home: string, identity: WebIdentity, port: number): Promise<void> {
  if (identity.port === port) return;
  await write(home, { ...identity, port });
}
