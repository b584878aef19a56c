/**
 * The agent picker every "start an agent" dialog shares (Start agent, Fix a bug, Fresh session):
 * loading the profiles, choosing a default, the themed select with each agent's installed version
 * ("v0.171.0", what the engine read from `<command> --version`) and "not installed" entries
 * listed but disabled, and under it the chosen agent's version and path, or the install hint
 * for a chosen agent that is missing.
 */
import { useEffect, useState } from 'react';
import type { AgentProfileInfo } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { Select, type SelectOption } from '../ui/Select.tsx';

/** The value of the "no agent" entry, when a dialog offers one. */
export const NO_AGENT = 'none';

export interface AgentProfiles {
  /** Null while loading. */
  profiles: AgentProfileInfo[] | null;
  agentId: string;
  setAgentId: (id: string) => void;
  /** Why the profiles could not be read. */
  error: string | null;
}

/**
 * Load the agent profiles (a repository's own entries included) and pick the first choice with
 * `pick` once they arrive; a choice the user already made is kept.
 */
export function useAgentProfiles(repoId: string | null, pick: (profiles: readonly AgentProfileInfo[]) => string | null): AgentProfiles {
  const services = useServices();
  const [profiles, setProfiles] = useState<AgentProfileInfo[] | null>(null);
  const [agentId, setAgentId] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void callEngine(services.engine, (client) => client.agents.profiles(repoId === null ? {} : { repoId })).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(errorMessage(result.error));
      setProfiles(result.value);
      setAgentId((current) => current || pick(result.value) || '');
    });
    return () => {
      live = false;
    };
    // `pick` is a first-choice rule, read once per load: a new function each render is no reason to reload.
  }, [services, repoId]);
  return { profiles, agentId, setAgentId, error };
}

/**
 * "v2.1.197" from what an agent's `--version` printed ("codex-cli 0.171.0", "2.1.197 (Claude
 * Code)"), or null when it printed no version number.
 */
export function shortVersion(version: string | null | undefined): string | null {
  const match = version ? /\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?/.exec(version) : null;
  return match ? `v${match[0]}` : null;
}

/** The select's entries: every profile (missing ones disabled), then the optional "no agent". */
export function agentOptions(profiles: readonly AgentProfileInfo[], options: { current?: string | null; noAgent?: string } = {}): SelectOption[] {
  const entries: SelectOption[] = profiles.map((profile) => {
    const notes = [
      profile.source === 'repo' ? 'repository' : profile.source === 'builtin' ? null : 'custom',
      profile.id === options.current ? 'same as now' : null,
      profile.installed ? shortVersion(profile.version) : 'not installed',
    ].filter((note): note is string => note !== null);
    return { value: profile.id, label: profile.name, disabled: !profile.installed, ...(notes.length > 0 ? { hint: notes.join(' · ') } : {}) };
  });
  if (options.noAgent) entries.push({ value: NO_AGENT, label: options.noAgent });
  return entries;
}

export function AgentSelect({
  label,
  profiles,
  value,
  onChange,
  current,
  noAgent,
}: {
  label: string;
  profiles: readonly AgentProfileInfo[] | null;
  value: string;
  onChange: (id: string) => void;
  current?: string | null;
  noAgent?: string;
}) {
  const chosen = profiles?.find((profile) => profile.id === value) ?? null;
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <Select
        label={label}
        value={profiles ? value : ''}
        placeholder={profiles ? 'Choose an agent' : 'Loading…'}
        disabled={!profiles}
        options={agentOptions(profiles ?? [], { current: current ?? null, ...(noAgent ? { noAgent } : {}) })}
        onChange={onChange}
      />
      {chosen?.installed && (chosen.version || chosen.path) && (
        <span className="field__hint agent-select__version" data-testid="agent-version">
          {[chosen.version, chosen.path].filter(Boolean).join(' · ')}
        </span>
      )}
      {chosen && !chosen.installed && (
        <span className="field__hint field__hint--warn" data-testid="install-hint" role="status">
          {chosen.name} is not installed on this machine.{' '}
          {chosen.installHint ? (
            <>
              Install it with <code>{chosen.installHint}</code>
            </>
          ) : (
            <>Check the command in the agent settings: {chosen.command}</>
          )}
        </span>
      )}
    </label>
  );
}
