/**
 * The `ci.*` procedures: thin handlers over {@link CiService} (oRPC validates inputs and outputs).
 */
import { implement } from '@orpc/server';
import { ciContract } from '../../../shared/protocol/ci.ts';
import type { CiService } from './ci-service.ts';

export function createCiRouter(ci: CiService) {
  const os = implement(ciContract);
  return os.router({
    status: os.status.handler(({ input }) => ci.status(input)),
    setAutoTriage: os.setAutoTriage.handler(({ input }) => ci.setAutoTriage(input.worktree, input.enabled)),
    runChecks: os.runChecks.handler(({ input }) => ci.runChecks(input.worktree)),
    createPr: os.createPr.handler(({ input }) => ci.createPr(input)),
    setToken: os.setToken.handler(({ input }) => ci.setToken(input.token)),
    failureLog: os.failureLog.handler(({ input }) => ci.failureLog(input.worktree)),
  });
}
