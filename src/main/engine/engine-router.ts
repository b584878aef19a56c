/**
 * The `engine.*` procedures: what the engine is (version, data folder, git).
 */
import { implement } from '@orpc/server';
import { engineContract } from '../../shared/protocol/engine.ts';
import type { EngineServices } from './services.ts';

export function engineRouter(info: EngineServices['info']) {
  const os = implement(engineContract);
  return os.router({
    info: os.info.handler(() => info()),
  });
}
