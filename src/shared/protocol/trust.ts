/**
 * Repository trust: what code a repository brings, and whether the user allowed it to run.
 *
 * Like VS Code's workspace trust: a repository's `agent-orchestrator.json` can name commands
 * (setup, teardown), agent entries (a command and environment for an agent, possibly replacing a
 * built-in's) and its package manifests can run install scripts. None of that runs until the user
 * trusts the repository, and trust is pinned to the config file's content (`configHash`): a
 * changed file asks again.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { resultSchema } from '../result.ts';

export const TrustAgentEntrySchema = z.object({
  id: z.string(),
  command: z.string(),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  /** True when the entry replaces a built-in agent's command (codex, claude, …). */
  overridesBuiltin: z.boolean(),
});
export type TrustAgentEntry = z.infer<typeof TrustAgentEntrySchema>;

/** Exactly what a repository asks to run, and whether it may. */
export const RepoTrustSchema = z.object({
  repoId: z.string(),
  path: z.string(),
  /** `sha256:<hex>` of `agent-orchestrator.json`, or `none` without one; pass it back to `grant`. */
  configHash: z.string(),
  trusted: z.boolean(),
  /** When the user trusted this content (null when not trusted). */
  trustedAt: z.string().nullable(),
  /** True when the repository was trusted before but its config changed since. */
  changedSinceTrusted: z.boolean(),
  setup: z.array(z.string()),
  teardown: z.array(z.string()),
  /** Local check commands (`check`: CI's "run checks here"). */
  check: z.array(z.string()),
  agents: z.array(TrustAgentEntrySchema),
  /** Package manifests whose install scripts would run (package.json, pyproject.toml, …). */
  installs: z.array(z.string()),
  /** The config could not be read or is invalid: nothing from it runs either way. */
  configProblem: z.string().nullable(),
});
export type RepoTrust = z.infer<typeof RepoTrustSchema>;

export const trustContract = {
  /** What the repository asks for and whether it is trusted. */
  get: oc.input(z.object({ repoId: z.string() })).output(resultSchema(RepoTrustSchema)),
  /**
   * Trust the repository's config as shown: `configHash` must be the one from `get`, so content
   * the user did not see is never trusted (REPO_NOT_TRUSTED with the new content otherwise).
   */
  grant: oc.input(z.object({ repoId: z.string(), configHash: z.string().max(100) })).output(resultSchema(RepoTrustSchema)),
  /** Withdraw trust. */
  revoke: oc.input(z.object({ repoId: z.string() })).output(resultSchema(RepoTrustSchema)),
};
