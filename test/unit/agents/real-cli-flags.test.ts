/**
 * Every flag and subcommand our built-in profiles pass to Codex, Claude Code and Gemini exists in
 * that CLI's real `--help` (recorded from the npm releases in test/fixtures/agents/help/; see the
 * screens README for the versions). A renamed flag in a new release fails here, not on a user's
 * first launch.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codexNotifyOverride } from '../../../src/main/engine/agents/hooks/agent-hooks.ts';
import type { AgentProfile } from '../../../src/main/engine/agents/profiles/agent-profile.ts';
import { CLAUDE, CODEX, GEMINI } from '../../../src/main/engine/agents/profiles/builtin-profiles.ts';
import { buildLaunchArgs, type SessionChoice } from '../../../src/main/engine/agents/profiles/launch-args.ts';

const HELP = path.resolve('test/fixtures/agents/help');
const help = (name: string): string => readFileSync(path.join(HELP, `${name}.txt`), 'utf8');

const ID = '3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c';
const PROMPT = 'fix the login bug';
/** The hook arguments each profile's launcher adds (Claude's settings file path is a placeholder). */
const HOOK_ARGS: Record<string, readonly string[]> = {
  codex: ['-c', codexNotifyOverride('/data/bin/ao-hook')],
  claude: ['--settings', '/data/agents/hooks/k.claude-settings.json'],
  gemini: [],
};
const SESSIONS: readonly SessionChoice[] = [
  { kind: 'new', pinnedId: ID },
  { kind: 'new', pinnedId: null },
  { kind: 'resume', agentSessionId: ID },
  { kind: 'continue' },
];

/** Long and short option names a help text documents ("-r, --resume [value]", "--session-id <uuid>"). */
function documentedFlags(text: string): Set<string> {
  const flags = new Set<string>();
  for (const match of text.matchAll(/(?:^|[\s,])(--?[A-Za-z][\w-]*)/gm)) flags.add(match[1]!);
  return flags;
}

/** Subcommand names listed under "Commands:". */
function documentedCommands(text: string): Set<string> {
  const section = text.split(/^Commands:\s*$/m)[1]?.split(/^\S.*:\s*$/m)[0] ?? '';
  return new Set([...section.matchAll(/^\s{2}(?:\S+ )?([a-z][\w-]*)\b/gm)].map((m) => m[1]!));
}

/** [the help text that governs them, the arguments] for every way a profile starts. */
function invocations(profile: AgentProfile): Array<{ helpName: string; args: string[] }> {
  return SESSIONS.map((session) => {
    const args = buildLaunchArgs(profile, { prompt: PROMPT, session, hookArgs: HOOK_ARGS[profile.id]! }).args;
    // Codex's `resume` is a subcommand with its own options.
    const helpName = profile.id === 'codex' && args.includes('resume') ? 'codex-resume' : profile.id;
    return { helpName, args };
  });
}

describe.each([CODEX, CLAUDE, GEMINI])('$name flags against its real --help', (profile) => {
  it('passes only flags the CLI documents', () => {
    for (const { helpName, args } of invocations(profile)) {
      const flags = documentedFlags(help(helpName));
      const ours = args.filter((arg, i) => arg.startsWith('-') && arg !== '--' && arg !== PROMPT && args[i - 1] !== '-c');
      expect(ours.length + args.length, `${profile.id} ${args.join(' ')}`).toBeGreaterThan(0);
      for (const flag of ours) expect(flags.has(flag), `${flag} in ${helpName} --help (${args.join(' ')})`).toBe(true);
    }
  });

  it('uses only subcommands the CLI lists', () => {
    const commands = documentedCommands(help(profile.id));
    for (const { args } of invocations(profile)) {
      if (profile.id !== 'codex') continue;
      // Codex: a leading non-flag word (after the -c override) is a subcommand, not the prompt.
      const rest = args.filter((arg, i) => arg !== '-c' && args[i - 1] !== '-c');
      const first = rest[0];
      if (first !== undefined && first !== PROMPT) expect(commands.has(first), `codex ${first}`).toBe(true);
    }
    expect(commands.size).toBeGreaterThan(profile.id === 'codex' ? 10 : 0);
  });
});

describe('recorded help texts', () => {
  it('document what the profiles rely on', () => {
    expect(help('gemini')).toMatch(/--session-id\s+Start a new session with a manually provided UUID/);
    expect(help('gemini')).toMatch(/-r, --resume\s+Resume a previous session/);
    expect(help('claude')).toMatch(/--session-id <uuid>/);
    expect(help('codex-resume')).toMatch(/\[SESSION_ID\]/);
    expect(documentedFlags('  -r, --resume [value]  Resume')).toEqual(new Set(['-r', '--resume']));
  });
});
