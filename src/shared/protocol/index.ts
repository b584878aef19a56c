/**
 * The whole protocol: one contract merged from one file per domain.
 *
 * Names are `domain.verb`. The engine implements this contract (`src/main/engine/router.ts`);
 * the renderer, the Electron shell and the CLI are clients of it (`./client.ts`).
 */
import type { ContractRouterClient } from '@orpc/contract';
import { agentsContract } from './agents.ts';
import { ciContract } from './ci.ts';
import { engineContract } from './engine.ts';
import { eventsContract } from './events.ts';
import { fixesContract } from './fixes.ts';
import { graphContract } from './graph.ts';
import { gitMapContract } from './git-map.ts';
import { layoutContract } from './layout.ts';
import { reposContract } from './repos.ts';
import { settingsContract } from './settings.ts';
import { terminalsContract } from './terminals.ts';
import { trustContract } from './trust.ts';
import { usageContract } from './usage.ts';
import { worktreesContract } from './worktrees.ts';

export const contract = {
  agents: agentsContract,
  ci: ciContract,
  engine: engineContract,
  events: eventsContract,
  fixes: fixesContract,
  graph: graphContract,
  gitMap: gitMapContract,
  layout: layoutContract,
  repos: reposContract,
  settings: settingsContract,
  terminals: terminalsContract,
  trust: trustContract,
  usage: usageContract,
  worktrees: worktreesContract,
};

export type Contract = typeof contract;
export type EngineClient = ContractRouterClient<Contract>;

/** WebSocket paths served by the transport. */
export const RPC_PATH = '/rpc';
export const DATA_PATH = '/data';
/**
 * HTTP: 204 when the `authorization: Bearer <token>` header carries the engine's token, 401
 * otherwise. A browser cannot read why a WebSocket upgrade failed, so a page whose token is wrong
 * asks here to tell "wrong token" apart from "engine not running".
 */
export const TOKEN_CHECK_PATH = '/token-check';

export * from './agents.ts';
export * from './ci.ts';
export * from './engine.ts';
export * from './events.ts';
export * from './fixes.ts';
export * from './graph.ts';
export * from './git-map.ts';
export * from './layout.ts';
export * from './limits.ts';
export * from './repos.ts';
export * from './settings.ts';
export * from './usage.ts';
export * from './terminals.ts';
export * from './trust.ts';
export * from './worktrees.ts';
