/**
 * One engine client for the app's lifetime, over whichever connection is live.
 *
 * The connection hands out a new oRPC client after every reconnect; TanStack Query's oRPC
 * utilities want one client to build keys and calls from. This proxy resolves each call against
 * the live client at call time and fails with a disconnected error when there is none (a query
 * then keeps its data; the snapshot after reconnecting refreshes it).
 */
import type { EngineClient } from '../../shared/protocol/index.ts';
import type { EngineAccess } from '../engine/call-engine.ts';

export class EngineDisconnectedError extends Error {
  constructor() {
    super('not connected to the engine');
  }
}

export function lateBoundClient(engine: EngineAccess): EngineClient {
  const at = (path: readonly string[]): unknown =>
    new Proxy(() => undefined, {
      get: (_target, key) => (typeof key === 'string' && key !== 'then' ? at([...path, key]) : undefined),
      apply: (_target, _this, args: unknown[]) => {
        const client = engine.client;
        if (!client) return Promise.reject(new EngineDisconnectedError());
        let procedure: unknown = client;
        for (const key of path) procedure = (procedure as Record<string, unknown>)[key];
        return (procedure as (...a: unknown[]) => unknown)(...args);
      },
    });
  return at([]) as EngineClient;
}
