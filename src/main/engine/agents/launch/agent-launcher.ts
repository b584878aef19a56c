/**
 * Launching agents: whether a CLI is installed, its arguments (task, pinned or resumed session),
 * its environment, and its status hooks (per-session hook file, the helper, Claude's status line).
 *
 * Knows nothing about records or status: it turns "this profile, here, with this task" into a
 * command line the terminal service can spawn, and releases the hook registration when asked.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SettingsService } from '../../settings/index.ts';
import { resolveCommand } from '../../terminals/index.ts';
import type { AgentUsageSource } from '../agent-usage.ts';
import { hookArgsFor } from '../hooks/agent-hooks.ts';
import { findUserStatusLine } from '../hooks/claude-user-statusline.ts';
import { HookChannel } from '../hooks/hook-channel.ts';
import { installHookHelper, USER_STATUSLINE_ENV, type InstalledHelper } from '../hooks/hook-helper.ts';
import type { AgentProfile } from '../profiles/agent-profile.ts';
import { buildLaunchArgs, type SessionChoice } from '../profiles/launch-args.ts';

export interface AgentLauncherOptions {
  home: string;
  settings: SettingsService;
  /** Base environment of sessions; PATH decides what is installed. */
  env: NodeJS.ProcessEnv;
  /** The status line feeds the usage module; only installed when there is one. */
  usage: AgentUsageSource | null;
  /** Node used to run the hook helper (default: this process's). */
  hookNode?: string;
  /** Hook file poll interval (tests). */
  hookPollMs?: number;
}

/** What to spawn, and the hook registration to release if the spawn fails or the agent ends. */
export interface LaunchPlan {
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly hookKey: string | null;
  /** A task typed into the CLI once its prompt shows (profiles without a task argument). */
  readonly typedPrompt: string | null;
}

export class AgentLauncher {
  /** The hook files every launched session reports through. */
  readonly hooks: HookChannel;
  private helper: InstalledHelper | null = null;

  constructor(private readonly options: AgentLauncherOptions) {
    this.hooks = new HookChannel({
      dir: path.join(options.home, 'agents', 'hooks'),
      ...(options.hookPollMs ? { pollMs: options.hookPollMs } : {}),
    });
  }

  /** Install the hook helper and start reading hook files; agents still run without them. */
  async start(): Promise<void> {
    try {
      this.helper = await installHookHelper(path.join(this.options.home, 'agents', 'bin'), this.options.hookNode);
      await this.hooks.start();
    } catch (error) {
      // Without the helper, agents still run: their status comes from the screen.
      console.error(`[agents] status hooks unavailable: ${(error as Error).message}`);
      this.helper = null;
    }
  }

  /** The environment the profile's CLI runs with. */
  profileEnv(profile: AgentProfile): NodeJS.ProcessEnv {
    return { ...this.options.env, ...profile.env };
  }

  async isInstalled(profile: AgentProfile, cwd: string): Promise<boolean> {
    return (await resolveCommand(profile.command, { cwd, env: this.profileEnv(profile) })) !== null;
  }

  /** The command line for a new, resumed or continued session, with hooks registered. */
  async plan(profile: AgentProfile, cwd: string, what: { prompt: string | null; session: SessionChoice }): Promise<LaunchPlan> {
    const hooks = await this.prepareHooks(profile, cwd);
    const launch = buildLaunchArgs(profile, { prompt: what.prompt, session: what.session, hookArgs: hooks.args });
    return {
      command: profile.command,
      args: launch.args,
      env: { ...profile.env, ...hooks.env },
      hookKey: hooks.key,
      typedPrompt: launch.typedPrompt,
    };
  }

  /** Forget a hook registration (spawn failed, session ended or closed). */
  release(hookKey: string | null): Promise<void> {
    return hookKey ? this.hooks.unregister(hookKey) : Promise.resolve();
  }

  dispose(): Promise<void> {
    return this.hooks.dispose();
  }

  private async prepareHooks(profile: AgentProfile, cwd: string): Promise<{ key: string | null; args: string[]; env: Record<string, string> }> {
    if (!profile.hooks || !this.helper || !this.options.settings.get().agents.hooks) return { key: null, args: [], env: {} };
    const key = randomBytes(8).toString('hex');
    try {
      const registration = await this.hooks.register(key);
      const statusLine = profile.hooks === 'claude-settings' && typeof this.options.usage?.ingestStatusLine === 'function';
      const args = await hookArgsFor(profile.hooks, this.helper.launcher, registration.file, { statusLine });
      const own = statusLine ? await findUserStatusLine(cwd, this.profileEnv(profile)) : null;
      return { key, args, env: { ...registration.env, ...(own ? { [USER_STATUSLINE_ENV]: own } : {}) } };
    } catch (error) {
      console.error(`[agents] could not prepare hooks: ${(error as Error).message}`);
      await this.hooks.unregister(key).catch(() => undefined);
      return { key: null, args: [], env: {} };
    }
  }
}
