/**
 * The branch graph: the commits of a repository's targets and worktree branches, laid out in
 * lanes by the engine (in a worker thread) and handed to clients in pages of ready-to-draw rows.
 *
 * A client asks for page 0 first; the answer names a `revision` (the ref tips the layout was made
 * from). Later pages are asked for with that revision: if the refs moved and the engine started a
 * new layout meanwhile, the answer carries the new revision and the client starts over. The engine
 * answers a page as soon as its rows are laid out, so the first screen does not wait for the
 * whole history.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { resultSchema } from '../result.ts';

/** Most rows one page may ask for. */
export const GRAPH_MAX_PAGE = 2_000;
/** Most commits one layout reads; older history is cut (`truncated`). */
export const GRAPH_MAX_COMMITS = 200_000;

export const GraphOrderSchema = z.enum(['date', 'topo']);
export type GraphOrder = z.infer<typeof GraphOrderSchema>;

/** One ref pointing at a commit. */
export const GraphRefSchema = z.object({
  /** Short name: `main`, `origin/main`, `v1.0`. */
  name: z.string(),
  kind: z.enum(['branch', 'remote', 'tag']),
  /** The branch is one of the repository's targets. */
  target: z.boolean(),
  /** The worktree that has this branch checked out (absolute path), or null. */
  worktree: z.string().nullable(),
});
export type GraphRef = z.infer<typeof GraphRefSchema>;

/** One commit and the pieces of the graph in its row band. */
export const GraphRowSchema = z.object({
  sha: z.string(),
  parents: z.array(z.string()),
  author: z.string(),
  /** Author time, seconds since the epoch. */
  time: z.number(),
  subject: z.string(),
  refs: z.array(GraphRefSchema),
  /** Detached worktrees whose HEAD is this commit (absolute paths). */
  worktrees: z.array(z.string()),
  /** Column of the node. */
  lane: z.number().int(),
  /** Colour id of the node's line (clients use `color % palette.length`). */
  color: z.number().int(),
  /** Lines from the band's top to the node, flat `[fromLane, color, …]`. */
  into: z.array(z.number().int()),
  /** Lines from the node to the band's bottom, flat `[toLane, color, …]`, first parent first. */
  out: z.array(z.number().int()),
  /** Lines crossing the band untouched, flat `[lane, color, …]`. */
  through: z.array(z.number().int()),
  /** Bit i set: the commit is reachable from `targets[i]` (merged into it by ancestry). */
  inTargets: z.number().int(),
});
export type GraphRow = z.infer<typeof GraphRowSchema>;

export const GraphCommitsInputSchema = z.object({
  repoId: z.string().max(200),
  offset: z.number().int().min(0).max(GRAPH_MAX_COMMITS),
  limit: z.number().int().min(1).max(GRAPH_MAX_PAGE),
  order: GraphOrderSchema.optional(),
  /** The revision the client's earlier pages came from; omit for page 0 to re-check the refs. */
  revision: z.string().max(100).optional(),
});
export type GraphCommitsInput = z.infer<typeof GraphCommitsInputSchema>;

export const GraphPageSchema = z.object({
  repoId: z.string(),
  /** Identifies the layout (the ref tips it was made from and the order). */
  revision: z.string(),
  order: GraphOrderSchema,
  /** The targets, in the bit order of `GraphRow.inTargets`. */
  targets: z.array(z.string()),
  offset: z.number().int(),
  rows: z.array(GraphRowSchema),
  /** Rows laid out so far (the final count once `complete`). */
  total: z.number().int(),
  /** Every commit has been read and laid out. */
  complete: z.boolean(),
  /** The history was longer than GRAPH_MAX_COMMITS and was cut. */
  truncated: z.boolean(),
  /** Widest row so far, in lanes. */
  width: z.number().int(),
  /**
   * How the layout ran: git until its last byte and parse + lane layout time (ms, 0 until
   * complete), and whether it ran in a worker thread (false only when no worker could start).
   */
  timings: z.object({ gitMs: z.number(), layoutMs: z.number(), inWorker: z.boolean() }),
});
export type GraphPage = z.infer<typeof GraphPageSchema>;

export const graphContract = {
  /** A page of laid-out commits of the repository's targets and worktree branches. */
  commits: oc.input(GraphCommitsInputSchema).output(resultSchema(GraphPageSchema)),
};
