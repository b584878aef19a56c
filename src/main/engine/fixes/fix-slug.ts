/**
 * The slug of a fix branch (`fix/<slug>`) and its worktree folder (`fix-<slug>`), derived from the
 * description when the user gives no name.
 */

/** Longest slug; branch and folder names stay readable in the sidebar. */
const MAX_SLUG = 40;

/** Lower-case words of the description joined by "-", at most {@link MAX_SLUG} characters. */
export function slugOf(text: string): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > MAX_SLUG) break;
    slug = next;
  }
  return slug === '' ? (words[0]?.slice(0, MAX_SLUG) ?? 'bug') : slug;
}

/** Whether a user-given name is a usable slug as it is (no slashes, no spaces, no dots at the ends). */
export function isValidSlug(name: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*$/i.test(name) && !name.endsWith('.') && !name.endsWith('.lock') && !name.includes('..');
}
