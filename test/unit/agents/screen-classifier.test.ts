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
import { initialState, MACHINE_DEFAULTS, step, type MachineConfig } from '../../../src/main/engine/agents/status/status-machine.ts';
import { detectScreenStall } from '../../../src/main/engine/usage/quota/screen-stall.ts';

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
      expect(reading.detail).toMatch(
        /\?|\[Y|y\/n|Permission required|Waiting for user confirmation|Press enter to confirm|Enter to select|Choose how|Sign in another way|API key|signing in|authenticate|Unable to connect/i,
      );
      // The question or heading, not the option the selection marker is on.
      expect(reading.detail).not.toMatch(/^[›>❯●] ?\d+\./);
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

describe('menus of the real CLIs (first run, approvals)', () => {
  const codex = patternsOf('codex');

  it("does not take a menu's selection marker for Codex's prompt", () => {
    // Before: /^\s*[›▌>] ?/ matched "› 1. Trust and continue" and the screen read as idle.
    const menu = ['  Trust this folder? Codex can read, edit, and run files here.', '', '› 1. Trust and continue', '  2. Back'];
    expect(classifyScreen(menu, codex).verdict).toBe('approval');
    expect(classifyScreen(['› 1. Sign in with ChatGPT', '  2. Sign in with Device Code'], codex).verdict).toBe('approval');
    // The composer itself still reads as the prompt.
    expect(classifyScreen(['› Ask Codex to do anything', '', '  ? for shortcuts'], codex).verdict).toBe('prompt');
    expect(classifyScreen(['› 1. fix the login bug'], codex).verdict).not.toBe('prompt');
  });

  it('reads an approval whose last line is its first option as needs input', () => {
    const lines = ['• I need to run the tests.', '', '  $ npm test', '', '› 1. Yes, proceed (y)'];
    const reading = classifyScreen(lines, codex);
    expect(reading.verdict).toBe('approval');
    expect(reading.detail).toContain('Yes, proceed (y)');
  });

  /** Every recorded first-run screen of the real CLIs: a launched task sitting on one needs input. */
  const firstRun = fixtures.filter((f) => f.expected === 'approval' && /--(?:0\.171|2\.1\.197|0\.61)-/.test(f.name));

  it('has first-run screens of Codex, Claude Code and Gemini at two widths', () => {
    for (const agent of ['codex', 'claude', 'gemini']) {
      const names = firstRun.filter((f) => f.agent === agent).map((f) => f.name);
      expect(names.some((name) => name.includes('-120-cols')), agent).toBe(true);
      expect(names.some((name) => !name.includes('-cols')), agent).toBe(true);
    }
  });

  it.each(firstRun.map((f) => [`${f.agent}/${f.name}`, f] as const))('a task launched onto %s shows needs input, not done', (_label, fixture) => {
    const lines = readFileSync(path.join(SCREENS, fixture.agent, fixture.name), 'utf8').split('\n').map((line) => line.trimEnd());
    const profile = BUILTIN_PROFILES.find((candidate) => candidate.id === fixture.agent)!;
    const config: MachineConfig = { ...MACHINE_DEFAULTS, quiescenceMs: 1_000, hookAuthority: profile.hookAuthority, hooksInstalled: profile.hooks !== null };
    // Launched with a task (working), draws its menu, then stays quiet for a long time.
    let state = initialState(0, true);
    state = step(state, { type: 'output', at: 100 }, config);
    state = step(state, { type: 'screen', at: 300, reading: classifyScreen(lines, profile.screen) }, config);
    state = step(state, { type: 'tick', at: 60_000 }, config);
    expect(state.status).toBe('needs-input');
    expect(state.finishedTasks).toBe(0);
  });
});

describe("the real Codex usage-limit screen (0.171, a local server answering 429 usage_limit_reached)", () => {
  it.each([
    ['prompt--0.171-usage-limit.txt', 19],
    ['prompt--0.171-usage-limit-120-cols.txt', 20],
  ])('%s is a stall until the time it names, at its prompt', (name, minute) => {
    const lines = readFileSync(path.join(SCREENS, 'codex', name), 'utf8').split('\n');
    // Recorded at 05:1x UTC; "try again at 6:19 AM." wraps at 80 columns.
    const stall = detectScreenStall(lines, Date.UTC(2026, 11, 7, 5, 15), 'UTC');
    expect(stall).toMatchObject({ provider: 'codex', kind: 'usage-limit' });
    expect(stall!.resetAt).toBe(Date.UTC(2026, 11, 7, 6, minute));
    expect(classifyScreen(lines, patternsOf('codex')).verdict).toBe('prompt');
  });
});

describe('the real Claude Code errors (2.1.197: a local server answering 429, and no server at all)', () => {
  const read = (name: string) => readFileSync(path.join(SCREENS, 'claude', name), 'utf8').split('\n').map((line) => line.trimEnd());
  const claude = BUILTIN_PROFILES.find((p) => p.id === 'claude')!;

  it.each(['prompt--2.1.197-rate-limit-429.txt', 'prompt--2.1.197-rate-limit-429-120-cols.txt'])(
    '%s (an API key over its rate limit) is a usage-limit stall of Claude, at its prompt',
    (name) => {
      const lines = read(name);
      const stall = detectScreenStall(lines, Date.UTC(2026, 11, 7, 12, 0), 'UTC');
      expect(stall).toMatchObject({ provider: 'claude', kind: 'usage-limit', pattern: 'claude-api-429' });
      expect(stall!.line).toContain('API Error: Request rejected (429)');
      // The message names no time: stalled without a reset, never a made-up one.
      expect(stall!.resetAt).toBeNull();
      expect(classifyScreen(lines, claude.screen).verdict).toBe('prompt');
    },
  );

  it.each(['approval--2.1.197-unable-to-connect.txt', 'approval--2.1.197-unable-to-connect-120-cols.txt'])(
    '%s needs the user, with the error as the question, until a task is submitted after it',
    (name) => {
      const lines = read(name);
      expect(classifyScreen(lines, claude.screen)).toEqual({ verdict: 'approval', detail: 'API Error: Unable to connect to API (ConnectionRefused)' });
      expect(detectScreenStall(lines, Date.UTC(2026, 11, 7, 12, 0), 'UTC')).toBeNull();
      // The user retried: the submitted task below the error makes it history.
      const box = lines.findLastIndex((line) => line.startsWith('───'));
      const retried = [...lines.slice(0, box - 2), '', '❯ try again', '', '● Done.', '', ...lines.slice(box - 1)];
      expect(classifyScreen(retried, claude.screen).verdict).toBe('prompt');
    },
  );

  it('a task that ends on "Unable to connect" needs input, not done; answering it moves on', () => {
    const config: MachineConfig = { ...MACHINE_DEFAULTS, quiescenceMs: 1_000, hookAuthority: claude.hookAuthority, hooksInstalled: true };
    let state = initialState(0, true);
    state = step(state, { type: 'output', at: 100 }, config);
    // Claude's Stop hook may say idle before the screen is read, or after: either way the error wins.
    state = step(state, { type: 'hook', at: 200, status: 'idle' }, config);
    state = step(state, { type: 'screen', at: 300, reading: classifyScreen(read('approval--2.1.197-unable-to-connect.txt'), claude.screen) }, config);
    state = step(state, { type: 'hook', at: 400, status: 'idle' }, config);
    state = step(state, { type: 'tick', at: 60_000 }, config);
    expect(state).toMatchObject({ status: 'needs-input', detail: 'API Error: Unable to connect to API (ConnectionRefused)' });
  });
});

describe('the real Codex approval (0.171, a local server asking for an escalated command)', () => {
  it('needs input while asked, and not after the answer', () => {
    const read = (name: string) => readFileSync(path.join(SCREENS, 'codex', name), 'utf8').split('\n');
    const codex = BUILTIN_PROFILES.find((p) => p.id === 'codex')!;
    const config: MachineConfig = { ...MACHINE_DEFAULTS, quiescenceMs: 1_000, hookAuthority: codex.hookAuthority, hooksInstalled: true };
    let state = initialState(0, true);
    state = step(state, { type: 'screen', at: 500, reading: classifyScreen(read('approval--0.171-run-command.txt'), codex.screen) }, config);
    expect(state).toMatchObject({ status: 'needs-input', detail: 'Would you like to run the following command?' });
    state = step(state, { type: 'input', at: 5_000, submit: false }, config);
    state = step(state, { type: 'output', at: 5_100 }, config);
    state = step(state, { type: 'screen', at: 5_300, reading: classifyScreen(read('prompt--0.171-approved-then-done.txt'), codex.screen) }, config);
    expect(state.status).toBe('idle');
  });
});
