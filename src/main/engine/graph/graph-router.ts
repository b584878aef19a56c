/**
 * Handlers of the `graph` domain, merged into the engine's router with one line.
 */
import { implement } from '@orpc/server';
import { graphContract } from '../../../shared/protocol/graph.ts';
import type { GraphService } from './graph-service.ts';

export function createGraphRouter(graph: GraphService) {
  const os = implement(graphContract);
  return {
    commits: os.commits.handler(({ input }) => graph.commits(input)),
  };
}
