/**
 * Session ids: short, random, URL-safe ASCII.
 *
 * They travel in binary frame headers (one length byte), URLs and file names
 * (`screens/<id>.txt`), so they are lowercase base36 only.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Length of a session id: 36^12 ≈ 4.7e18, plenty for ids that live in one data directory. */
export const SESSION_ID_LENGTH = 12;

/** A new random session id (the slight modulo bias of `byte % 36` is irrelevant here). */
export function newSessionId(): string {
  let id = '';
  for (const byte of randomBytes(SESSION_ID_LENGTH)) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
