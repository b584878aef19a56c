/**
 * A profile as clients see it (`agents.profiles`, `agent-orchestrator agents`): its command and
 * whether that command is installed on this machine.
 */
import type { AgentProfileInfo } from '../../../../shared/protocol/agents.ts';
import { resolveCommand } from '../../terminals/resolve-command.ts';
import type { AgentProfile } from './agent-profile.ts';

/** Look the profile's command up (PATH of `env` plus the profile's own env; relative to `cwd`). */
export async function describeProfile(profile: AgentProfile, cwd: string, env: NodeJS.ProcessEnv): Promise<AgentProfileInfo> {
  const found = await resolveCommand(profile.command, { cwd, env: { ...env, ...profile.env } });
  return {
    id: profile.id,
    name: profile.name,
    source: profile.source,
    command: profile.command,
    args: [...profile.baseArgs],
    installed: found !== null,
    path: found,
    installHint: profile.installHint,
    promptMode: profile.promptMode,
    canResume: profile.resumeArgs !== null || profile.continueArgs !== null,
    pinsSessionId: profile.pinSessionArgs !== null,
    hooks: profile.hooks,
    logs: profile.logs,
  };
}
