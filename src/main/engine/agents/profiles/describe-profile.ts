/**
 * A profile as clients see it (`agents.profiles`, `agent-orchestrator agents`): its command,
 * whether that command is installed on this machine, and (for the built-in CLIs) its version.
 */
import type { AgentProfileInfo } from '../../../../shared/protocol/agents.ts';
import { resolveCommand } from '../../terminals/index.ts';
import type { AgentProfile } from './agent-profile.ts';
import { agentVersion } from './agent-version.ts';

/** Look the profile's command up (PATH of `env` plus the profile's own env; relative to `cwd`). */
export async function describeProfile(profile: AgentProfile, cwd: string, env: NodeJS.ProcessEnv): Promise<AgentProfileInfo> {
  const profileEnv = { ...env, ...profile.env };
  const found = await resolveCommand(profile.command, { cwd, env: profileEnv });
  const version = found !== null && profile.source === 'builtin' ? await agentVersion(found, profileEnv, cwd) : null;
  return {
    id: profile.id,
    name: profile.name,
    source: profile.source,
    command: profile.command,
    args: [...profile.baseArgs],
    installed: found !== null,
    path: found,
    version,
    installHint: profile.installHint,
    promptMode: profile.promptMode,
    canResume: profile.resumeArgs !== null || profile.continueArgs !== null,
    pinsSessionId: profile.pinSessionArgs !== null,
    hooks: profile.hooks,
    logs: profile.logs,
  };
}
