/**
 * Counted nouns and verbs that agree with their count: "1 commit", "2 commits", "1 needs input",
 * "2 need input". One rule for the renderer and the CLI, so neither prints "1 requests" or
 * "change(s)".
 */

/** `count` and the noun in its form: `plural(1, 'commit')` → "1 commit"; irregular plurals given. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Just the word for `count` (a count shown elsewhere, e.g. in a badge). */
export function pluralWord(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}
