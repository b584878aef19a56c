/**
 * Finding an agent profile by id: built-ins, the user's custom agents (settings) and the
 * repository's own (`agent-orchestrator.json`), as they are right now.
 */
import type { CustomAgent } from '../../../../shared/protocol/settings.ts';
import { err, ok, type Result } from '../../../../shared/result.ts';
import type { AgentProfile } from './agent-profile.ts';
import { resolveProfiles, type RepoAgentEntry } from './resolve-profiles.ts';

export interface ProfileSources {
  settings: Record<string, CustomAgent>;
  repo?: Readonly<Record<string, RepoAgentEntry>>;
}

export interface ProfileLookupOptions {
  /** The user's custom agents (read on every lookup: settings change at run time). */
  customAgents: () => Record<string, CustomAgent>;
  /** The repository config's `agents`, or INVALID_CONFIG. */
  repoAgents?: ((repoId: string) => Promise<Result<Readonly<Record<string, RepoAgentEntry>>>>) | undefined;
}

export class ProfileLookup {
  constructor(private readonly options: ProfileLookupOptions) {}

  /** Where profiles come from for `repoId`; fails only when the repository config is broken. */
  async sources(repoId: string | null): Promise<Result<ProfileSources>> {
    const settings = this.options.customAgents();
    if (repoId === null || !this.options.repoAgents) return ok({ settings });
    const repo = await this.options.repoAgents(repoId);
    if (!repo.ok) return repo;
    return ok({ settings, repo: repo.value });
  }

  /** Every profile usable for `repoId`; a broken repository config leaves only its agents out. */
  async all(repoId: string | null): Promise<AgentProfile[]> {
    const sources = await this.sources(repoId);
    return resolveProfiles(sources.ok ? sources.value : { settings: this.options.customAgents() });
  }

  async find(agentId: string, repoId: string | null): Promise<Result<AgentProfile>> {
    const sources = await this.sources(repoId);
    const profiles = resolveProfiles(sources.ok ? sources.value : { settings: this.options.customAgents() });
    const profile = profiles.find((candidate) => candidate.id === agentId);
    if (profile) return ok(profile);
    // A broken repository config may be why: say so rather than "no such agent".
    return sources.ok ? err({ kind: 'AGENT_NOT_FOUND', agentId }) : sources;
  }

  /** The profile of a recorded session; a profile that disappeared becomes a generic one (still trackable). */
  async forRecord(agentId: string, repoId: string | null): Promise<AgentProfile> {
    const found = await this.find(agentId, repoId);
    if (found.ok) return found.value;
    return resolveProfiles({ settings: { [agentId]: { command: agentId } } }).find((p) => p.id === agentId)!;
  }
}
