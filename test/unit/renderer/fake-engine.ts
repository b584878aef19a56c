/**
 * A stand-in for the engine client in renderer unit tests: only the procedures a test sets up
 * exist; calling anything else fails loudly.
 */
import type { EngineClient } from '../../../src/shared/protocol/index.ts';
import type { EngineAccess } from '../../../src/renderer/engine/call-engine.ts';

type Procedures = Record<string, Record<string, (input: never) => Promise<unknown>>>;

/** An `EngineAccess` whose client implements exactly `procedures`; `connected: false` → null. */
export function fakeEngine(procedures: Procedures, connected = true): EngineAccess & { retryNow(): void } {
  const client = new Proxy(procedures, {
    get(target, domain: string) {
      const group = target[domain];
      if (!group) throw new Error(`fake engine: no procedures for ${domain}`);
      return group;
    },
  }) as unknown as EngineClient;
  return { client: connected ? client : null, retryNow: () => {} };
}

/** A promise with its resolve function exposed, to control the order of answers. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
