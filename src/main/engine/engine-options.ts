/**
 * What a caller chooses when it starts an engine, and the one failure a start reports by throwing.
 * Their own file so the composition root (composition.ts) and the entry (index.ts) share them
 * without importing each other.
 */
import type { CiServiceOptions } from './ci/ci-service.ts';
import type { AppError } from '../../shared/errors.ts';

export interface EngineOptions {
  /** Data directory; defaults to `AGENT_ORCHESTRATOR_HOME` or the platform's app-data folder. */
  home?: string;
  /** Environment given to terminal sessions (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * One CLI command run in-process because no engine serves the data folder: nothing is restored
   * (sessions, agents, layout live in a throwaway folder, so their real files are never
   * touched), no watcher, poller or timer starts, usage is scanned only when asked, and the
   * folder's engine lock is not taken (see instance/engine-lock.ts).
   */
  oneShot?: boolean;
  /** How long a successful setup's pane stays before closing itself (tests shorten it). */
  setupPaneLingerMs?: number;
  /** CI timing and policy (tests use short intervals). */
  ci?: Pick<CiServiceOptions, 'pollMs' | 'maxBackoffMs' | 'typingQuietMs' | 'policy' | 'timers'>;
}

/** Thrown by `startEngine` when another engine already serves the data folder. */
export class EngineRunningError extends Error {
  constructor(readonly error: Extract<AppError, { kind: 'ENGINE_RUNNING' }>) {
    super(`an engine already serves ${error.home}`);
  }
}

