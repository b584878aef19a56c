/**
 * The `fixes.*` procedures: thin handlers over {@link FixService} (oRPC validates inputs and outputs).
 */
import { implement } from '@orpc/server';
import { fixesContract } from '../../../shared/protocol/fixes.ts';
import type { FixService } from './fix-service.ts';

export function fixesRouter(fixes: FixService) {
  const os = implement(fixesContract);
  return {
    preview: os.preview.handler(({ input }) => fixes.preview(input)),
    start: os.start.handler(({ input }) => fixes.start(input)),
    land: os.land.handler(({ input }) => fixes.land(input)),
    handToAgent: os.handToAgent.handler(({ input }) => fixes.handToAgent(input)),
    children: os.children.handler(({ input }) => fixes.children(input)),
    restack: os.restack.handler(({ input }) => fixes.restack(input)),
    setIntegrator: os.setIntegrator.handler(({ input }) => fixes.setIntegrator(input)),
    integrate: os.integrate.handler(({ input }) => fixes.integrate(input)),
  };
}
