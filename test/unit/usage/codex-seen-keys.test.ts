/**
 * The Codex dedupe keys searched in the saved sorted string (codex-seen-keys.ts): for any saved
 * keys and any keys added later — including ones that sort before, between and after the saved
 * ones, prefixes of each other and non-ASCII ones — the store answers exactly as a plain set,
 * and what it saves is the sorted union that the next load searches again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodexSeenKeys, mergeSortedLines, sortedLinesHas } from '../../../src/main/engine/usage/sources/codex-seen-keys.ts';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Keys as the parser makes them (`ts|model|counts`) and odd ones: short, shared prefixes, emoji. */
const key = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 50 }), fc.constantFrom('gpt-5', 'gpt-5.2-codex', 'o3'), fc.nat(999)).map(([ts, m, n]) => `${ts}|${m}|${n}`),
  fc.string({ unit: fc.constantFrom('a', 'b', '|', 'é', '😀'), minLength: 1, maxLength: 4 }),
);

describe('Codex seen keys', () => {
  it('answer like a set and save the sorted union, for any saved and added keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { maxLength: 60 }), fc.array(key, { maxLength: 40 }), fc.array(key, { maxLength: 20 }), (saved, added, probes) => {
        const reference = new Set(saved);
        const store = CodexSeenKeys.fromSaved([...saved].sort(byCodeUnits).join('\n'));
        for (const k of added) {
          expect(store.has(k)).toBe(reference.has(k));
          store.add(k);
          reference.add(k);
        }
        for (const k of [...probes, ...saved, ...added]) expect(store.has(k)).toBe(reference.has(k));
        const union = [...reference].sort(byCodeUnits);
        expect(store.toSaved()).toBe(union.join('\n'));
        // What was saved loads again and answers the same.
        const again = CodexSeenKeys.fromSaved(store.toSaved());
        for (const k of [...probes, ...union]) expect(again.has(k)).toBe(reference.has(k));
        expect(again.addedCount).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('search and merge at the edges: no keys, one key, before the first and after the last', () => {
    expect(sortedLinesHas('', 'a')).toBe(false);
    expect(sortedLinesHas('b', 'b')).toBe(true);
    expect(sortedLinesHas('b', 'bb')).toBe(false);
    expect(sortedLinesHas('b\nbb\nc', 'bb')).toBe(true);
    expect(mergeSortedLines('', ['a'])).toBe('a');
    expect(mergeSortedLines('b\nd', ['a', 'c', 'e'])).toBe('a\nb\nc\nd\ne');
    expect(mergeSortedLines('b\nd', [])).toBe('b\nd');
  });

  it('fall back to a plain set when a key holds a newline', () => {
    const store = CodexSeenKeys.fromSaved('1|m|1\n2|m|2');
    store.add('3|model\nwith newline|3');
    const saved = store.toSaved();
    expect(Array.isArray(saved)).toBe(true);
    expect([...saved].sort()).toEqual(['1|m|1', '2|m|2', '3|model\nwith newline|3']);
    const again = CodexSeenKeys.fromSaved(saved);
    expect(['1|m|1', '2|m|2', '3|model\nwith newline|3'].every((k) => again.has(k))).toBe(true);
    expect(again.has('3|model')).toBe(false);
  });
});
