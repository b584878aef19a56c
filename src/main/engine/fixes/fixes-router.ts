/**
 * The `fixes.*` procedures: thin handlers over {@link FixService} (oRPC validates inputs and outputs).
 */
import { implement } from '@orpc/server';
import { contract } from '../../../shared/protocol/index.ts';
import type { FixService } from './fix-service.ts';

export function fixesRouter(fixes: FixService) {
  const os = implement(contract);
  return {
    preview: os.fixes.preview.handler(({ input }) => fixes.preview(input)),
    start: os.fixes.start.handler(({ input }) => fixes.start(input)),
    land: os.fixes.land.handler(({ input }) => fixes.land(input)),
    handToAgent: os.fixes.handToAgent.handler(({ input }) => fixes.handToAgent(input)),
    children: os.fixes.children.handler(({ input }) => fixes.children(input)),
    restack: os.fixes.restack.handler(({ input }) => fixes.restack(input)),
    setIntegrator: os.fixes.setIntegrator.handler(({ input }) => fixes.setIntegrator(input)),
    integrate: os.fixes.integrate.handler(({ input }) => fixes.integrate(input)),
  };
}
