/**
 * Agent profiles: built-ins, custom agents from settings and the repository config, and the
 * argument arrays they start with.
 */
import { describe, expect, it } from 'vitest';
import { AIDER, BUILTIN_PROFILES, CLAUDE, CODEX, GEMINI, OPENCODE } from '../../../src/main/engine/agents/profiles/builtin-profiles.ts';
import { buildLaunchArgs, restoreChoice, typedPromptBytes } from '../../../src/main/engine/agents/profiles/launch-args.ts';
import { findProfile, resolveProfiles } from '../../../src/main/engine/agents/profiles/resolve-profiles.ts';

const NEW = { kind: 'new', pinnedId: null } as const;

describe('built-in profiles', () => {
  it('covers Codex, Claude Code, Gemini CLI, Aider and OpenCode, each with an install hint and logs', () => {
    expect(BUILTIN_PROFILES.map((p) => [p.id, p.command])).toEqual([
      ['codex', 'codex'],
      ['claude', 'claude'],
      ['gemini', 'gemini'],
      ['aider', 'aider'],
      ['opencode', 'opencode'],
    ]);
    for (const profile of BUILTIN_PROFILES) {
      expect(profile.installHint, profile.id).toBeTruthy();
      expect(profile.logs, profile.id).toBeTruthy();
      expect(profile.resumeArgs !== null || profile.continueArgs !== null, profile.id).toBe(true);
    }
  });

  it('passes the prompt as one argument, exactly as written', () => {
    const prompt = 'fix "it"; rm -rf / $(touch pwned) `id`\nsecond line';
    expect(buildLaunchArgs(CODEX, { prompt, session: NEW, hookArgs: [] }).args).toEqual([prompt]);
    expect(buildLaunchArgs(GEMINI, { prompt, session: NEW, hookArgs: [] }).args).toEqual(['--prompt-interactive', prompt]);
    expect(buildLaunchArgs(OPENCODE, { prompt, session: NEW, hookArgs: [] }).args).toEqual(['--prompt', prompt]);
  });

  it('guards a prompt that looks like a flag', () => {
    expect(buildLaunchArgs(CLAUDE, { prompt: '--help me', session: NEW, hookArgs: [] }).args).toEqual(['--', '--help me']);
    expect(buildLaunchArgs(CODEX, { prompt: '-x', session: NEW, hookArgs: [] }).args).toEqual(['--', '-x']);
  });

  it('starts without a prompt when there is none (or only blanks)', () => {
    expect(buildLaunchArgs(CODEX, { prompt: null, session: NEW, hookArgs: [] })).toEqual({ args: [], typedPrompt: null });
    expect(buildLaunchArgs(CLAUDE, { prompt: '  \n', session: NEW, hookArgs: [] })).toEqual({ args: [], typedPrompt: null });
  });

  it('types the prompt into Aider instead of passing it', () => {
    expect(buildLaunchArgs(AIDER, { prompt: 'fix it', session: NEW, hookArgs: [] })).toEqual({ args: [], typedPrompt: 'fix it' });
  });

  it('pins the Claude session id and puts hooks before the prompt', () => {
    const launch = buildLaunchArgs(CLAUDE, {
      prompt: 'fix it',
      session: { kind: 'new', pinnedId: '3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c' },
      hookArgs: ['--settings', '/data/agents/hooks/k.claude-settings.json'],
    });
    expect(launch.args).toEqual(['--settings', '/data/agents/hooks/k.claude-settings.json', '--session-id', '3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c', 'fix it']);
    // Codex cannot take an id from us.
    expect(buildLaunchArgs(CODEX, { prompt: null, session: { kind: 'new', pinnedId: 'x' }, hookArgs: [] }).args).toEqual([]);
  });

  it('pins the Gemini session id (0.61 --session-id) and resumes it by that id, not the latest of the folder', () => {
    const id = '3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c';
    expect(buildLaunchArgs(GEMINI, { prompt: 'fix it', session: { kind: 'new', pinnedId: id }, hookArgs: [] }).args).toEqual([
      '--session-id',
      id,
      '--prompt-interactive',
      'fix it',
    ]);
    expect(restoreChoice(GEMINI, id)).toEqual({ kind: 'resume', agentSessionId: id });
    expect(buildLaunchArgs(GEMINI, { prompt: null, session: { kind: 'resume', agentSessionId: id }, hookArgs: [] }).args).toEqual(['--resume', id]);
  });

  it('resumes with each CLI resume arguments, by id or the latest of the folder', () => {
    const resume = (id: string) => ({ kind: 'resume', agentSessionId: id }) as const;
    expect(buildLaunchArgs(CODEX, { prompt: null, session: resume('t1'), hookArgs: ['-c', 'notify=[]'] }).args).toEqual(['-c', 'notify=[]', 'resume', 't1']);
    expect(buildLaunchArgs(CLAUDE, { prompt: null, session: resume('s1'), hookArgs: [] }).args).toEqual(['--resume', 's1']);
    expect(buildLaunchArgs(CLAUDE, { prompt: null, session: { kind: 'continue' }, hookArgs: [] }).args).toEqual(['--continue']);
    expect(buildLaunchArgs(CODEX, { prompt: null, session: { kind: 'continue' }, hookArgs: [] }).args).toEqual(['resume', '--last']);
    expect(buildLaunchArgs(GEMINI, { prompt: null, session: { kind: 'continue' }, hookArgs: [] }).args).toEqual(['--resume', 'latest']);
    expect(buildLaunchArgs(AIDER, { prompt: null, session: resume('x'), hookArgs: [] }).args).toEqual(['--restore-chat-history']);
    expect(buildLaunchArgs(OPENCODE, { prompt: null, session: resume('ses_1'), hookArgs: [] }).args).toEqual(['--session', 'ses_1']);
  });

  it('chooses how to come back after a restart', () => {
    expect(restoreChoice(CLAUDE, 'abc')).toEqual({ kind: 'resume', agentSessionId: 'abc' });
    expect(restoreChoice(CODEX, null)).toEqual({ kind: 'continue' });
    const [custom] = resolveProfiles({ settings: { mine: { command: 'mine' } } }).filter((p) => p.id === 'mine');
    expect(restoreChoice(custom!, null)).toBeNull();
  });

  it('types multi-line prompts as a bracketed paste, then Enter', () => {
    expect(typedPromptBytes('one line')).toBe('one line\r');
    expect(typedPromptBytes('a\r\nb')).toBe('\x1b[200~a\nb\x1b[201~\r');
  });
});

describe('custom agents', () => {
  it('adds agents from settings and the (trusted) repository config, the user\'s settings winning', () => {
    const profiles = resolveProfiles({
      settings: { review: { command: 'my-review', args: ['--strict'], prompt: 'flag', promptFlag: '-m', name: 'Reviewer' } },
      repo: { review: { command: './scripts/review.sh' }, lint: { command: 'lint-bot', args: ['--fix'], env: { CI: '1' } } },
    });
    expect(profiles.map((p) => p.id)).toEqual(['codex', 'claude', 'gemini', 'aider', 'opencode', 'review', 'lint']);
    // A repository must not replace what the user configured for themselves (issue 12).
    expect(profiles.find((p) => p.id === 'review')).toMatchObject({ source: 'settings', command: 'my-review', promptMode: 'flag' });
    const lint = profiles.find((p) => p.id === 'lint')!;
    expect(lint).toMatchObject({ source: 'repo', baseArgs: ['--fix'], env: { CI: '1' }, hooks: null });
    expect(buildLaunchArgs(lint, { prompt: 'go', session: NEW, hookArgs: [] }).args).toEqual(['--fix', 'go']);
    const settingsOnly = resolveProfiles({ settings: { review: { command: 'my-review', prompt: 'flag', promptFlag: '-m' } } });
    expect(buildLaunchArgs(settingsOnly.find((p) => p.id === 'review')!, { prompt: 'go', session: NEW, hookArgs: [] }).args).toEqual(['-m', 'go']);
  });

  it('adjusts a built-in agent under its own name, keeping hooks, resume and screens', () => {
    const claude = findProfile({ settings: {}, repo: { claude: { command: '/opt/claude/bin/claude', args: ['--model', 'opus'] } } }, 'claude')!;
    expect(claude).toMatchObject({ source: 'repo', command: '/opt/claude/bin/claude', name: 'Claude Code', hooks: 'claude-settings' });
    expect(claude.screen).toBe(CLAUDE.screen);
    expect(buildLaunchArgs(claude, { prompt: 'x', session: { kind: 'resume', agentSessionId: 's' }, hookArgs: [] }).args).toEqual(['--model', 'opus', '--resume', 's', 'x']);
  });

  it('uses resumeArgs from settings to continue a custom agent', () => {
    const [custom] = resolveProfiles({ settings: { mine: { command: 'mine', resumeArgs: ['--continue'] } } }).filter((p) => p.id === 'mine');
    expect(restoreChoice(custom!, null)).toEqual({ kind: 'continue' });
  });

  it('finds nothing for an unknown id', () => {
    expect(findProfile({ settings: {} }, 'codx')).toBeNull();
  });
});
