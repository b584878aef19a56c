/**
 * The agents available in one place: built in, from the repository's `agent-orchestrator.json`
 * (`agents` field, only once the user trusts the repository), and from the user's settings,
 * later sources winning: the user's own settings beat what a repository brings.
 *
 * A custom entry whose name is a built-in id ("claude") adjusts that built-in agent (another
 * command path, extra arguments, environment) and keeps everything the app knows about it:
 * hooks, resume, screen patterns. Any other name is a new agent with generic screen patterns.
 */
import type { CustomAgent } from '../../../../shared/protocol/settings.ts';
import type { AgentProfile } from './agent-profile.ts';
import { BUILTIN_PROFILES, GENERIC_SCREEN } from './builtin-profiles.ts';

/** The repository config's agent entry (owned by the repo-config module; only these fields). */
export interface RepoAgentEntry {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface ProfileSources {
  readonly settings: Readonly<Record<string, CustomAgent>>;
  /** The repository config's `agents`, when a repository is known. */
  readonly repo?: Readonly<Record<string, RepoAgentEntry>>;
}

/** Every profile, built-ins first (in their order), then custom ones by name. */
export function resolveProfiles(sources: ProfileSources): AgentProfile[] {
  const byId = new Map<string, AgentProfile>(BUILTIN_PROFILES.map((profile) => [profile.id, profile]));
  for (const [id, entry] of Object.entries(sources.settings)) byId.set(id, customProfile(id, entry, 'settings', byId.get(id)));
  for (const [id, entry] of Object.entries(sources.repo ?? {})) {
    // The user's own entry for the same id wins over the repository's.
    if (Object.hasOwn(sources.settings, id)) continue;
    byId.set(id, customProfile(id, entry, 'repo', byId.get(id)));
  }
  return [...byId.values()];
}

/** One profile by id, or null. */
export function findProfile(sources: ProfileSources, id: string): AgentProfile | null {
  return resolveProfiles(sources).find((profile) => profile.id === id) ?? null;
}

function customProfile(
  id: string,
  entry: CustomAgent | RepoAgentEntry,
  source: 'settings' | 'repo',
  base: AgentProfile | undefined,
): AgentProfile {
  const custom = entry as Partial<CustomAgent> & RepoAgentEntry;
  if (base?.source === 'builtin') {
    return {
      ...base,
      source,
      command: entry.command,
      baseArgs: [...(entry.args ?? [])],
      env: { ...base.env, ...(entry.env ?? {}) },
      ...(custom.name ? { name: custom.name } : {}),
      ...(custom.prompt ? { promptMode: custom.prompt, promptFlag: custom.promptFlag ?? base.promptFlag } : {}),
    };
  }
  const resumeArgs = custom.resumeArgs ? [...custom.resumeArgs] : null;
  return {
    id,
    name: custom.name ?? id,
    source,
    command: entry.command,
    baseArgs: [...(entry.args ?? [])],
    env: { ...(entry.env ?? {}) },
    promptMode: custom.prompt ?? (custom.promptFlag ? 'flag' : 'arg'),
    promptFlag: custom.promptFlag ?? null,
    dashDashBeforePrompt: false,
    pinSessionArgs: null,
    resumeArgs: null,
    continueArgs: resumeArgs,
    hooks: null,
    hookAuthority: { idle: false, working: false },
    logs: null,
    installHint: null,
    screen: GENERIC_SCREEN,
  };
}
