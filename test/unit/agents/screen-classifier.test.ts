/**
 * Status inference from recorded screens of each real agent (test/fixtures/agents/screens):
 * every file's name says what its agent's patterns must make of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScreenPatterns } from '../../../src/main/engine/agents/profiles/agent-profile.ts';
import { BUILTIN_PROFILES, GENERIC_SCREEN } from '../../../src/main/engine/agents/profiles/builtin-profiles.ts';
import { bottomLines, classifyScreen } from '../../../src/main/engine/agents/status/screen-classifier.ts';

const SCREENS = path.resolve('test/fixtures/agents/screens');

function patternsOf(agent: string): ScreenPatterns {
  if (agent === 'generic') return GENERIC_SCREEN;
  const profile = BUILTIN_PROFILES.find((candidate) => candidate.id === agent);
  if (!profile) throw new Error(`no profile for fixture folder ${agent}`);
  return profile.screen;
}

const fixtures = readdirSync(SCREENS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) =>
    readdirSync(path.join(SCREENS, dir.name))
      .filter((name) => name.endsWith('.txt'))
      .map((name) => ({ agent: dir.name, name, expected: name.split('--')[0]! })),
  );

describe('recorded screens', () => {
  it('has screens of every built-in agent in every state it shows', () => {
    for (const profile of BUILTIN_PROFILES) {
      const verdicts = new Set(fixtures.filter((f) => f.agent === profile.id).map((f) => f.expected));
      expect([...verdicts].sort(), profile.id).toEqual(expect.arrayContaining(['approval', 'busy', 'prompt']));
    }
  });

  it.each(fixtures.map((f) => [`${f.agent}/${f.name}`, f] as const))('%s', (_label, fixture) => {
    // As terminals.screen returns it: one string per row, trailing blanks trimmed.
    const lines = readFileSync(path.join(SCREENS, fixture.agent, fixture.name), 'utf8').split('\n').map((line) => line.trimEnd());
    const reading = classifyScreen(lines, patternsOf(fixture.agent));
    expect(reading.verdict).toBe(fixture.expected);
    if (reading.verdict === 'approval') {
      // The question itself (without box borders), for the notification text.
      expect(reading.detail).toMatch(/\?|\[Y|y\/n|Permission required|Waiting for user confirmation|Press enter to confirm|Enter to select/i);
      expect(reading.detail).not.toMatch(/^[│╭╰]/);
    }
  });
});

describe('classifyScreen', () => {
  const claude = patternsOf('claude');

  it('names the question rather than the first option under it', () => {
    const lines = readFileSync(path.join(SCREENS, 'claude', 'approval--bash.txt'), 'utf8').split('\n');
    expect(classifyScreen(lines, claude).detail).toBe('Do you want to proceed?');
  });

  it('ignores a question scrolled out of the inspected window', () => {
    const question = ['Overwrite the existing preview? [y/N]'];
    const later = ['y', 'Uploading… done', '$'];
    expect(classifyScreen([...question, ...later], GENERIC_SCREEN).verdict).toBe('prompt');
    expect(classifyScreen(question, GENERIC_SCREEN).verdict).toBe('approval');
  });

  it('treats a question with the input box drawn below it as history', () => {
    const lines = ['⏺ Shall I also delete the helper? Do you want to proceed?', '', '╭────╮', '│ >  │', '╰────╯', '  ? for shortcuts'];
    expect(classifyScreen(lines, claude).verdict).toBe('prompt');
  });

  it('says unknown for an empty screen', () => {
    expect(classifyScreen(['', '', ''], claude)).toEqual({ verdict: 'unknown', detail: null });
  });

  it('reads only the last non-empty lines', () => {
    expect(bottomLines(['a', '', 'b', 'c  ', '', ''], 2)).toEqual(['b', 'c']);
  });
});
