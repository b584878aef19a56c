/**
 * The renderer's paging model against a real GraphService on a real repository (the client is
 * the service itself, behind the protocol's shape): pages load around the view, the final count
 * arrives without loading every row, and moved refs start the view over.
 */
import { describe, expect, it } from 'vitest';
import { GraphService } from '../../../src/main/engine/graph/graph-service.ts';
import { GRAPH_PAGE_ROWS, GraphModel } from '../../../src/renderer/graph/graph-model.ts';
import { generateHistory } from '../../helpers/graph-history.ts';
import { git, makeCommit, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';
import { fakeEngine } from '../../unit/renderer/fake-engine.ts';

function until(model: GraphModel, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const stop = model.onChange(() => {
      if (check()) {
        stop();
        resolve();
      }
    });
  });
}

describe('GraphModel', () => {
  it('loads the pages in view, learns the final count, and starts over when refs move', async () => {
    const repo = makeRepo({ commits: 0 });
    const history = generateHistory(repo, { commits: 1_300, openBranches: 3 });
    const service = new GraphService({
      home: makeTempDir('ao-graph-model-'),
      repos: () => [{ id: 'r', path: repo, name: 'repo', addedAt: new Date(0).toISOString() }],
    });
    const calls: number[] = [];
    const engine = fakeEngine({
      graph: {
        commits: (input: Parameters<GraphService['commits']>[0]) => {
          calls.push(input.offset);
          return service.commits(input);
        },
      },
    });
    const model = new GraphModel(engine, 'r', 'date');
    try {
      const expected = Number(git(repo, 'rev-list', '--count', ...history.targets, ...history.openBranches));
      model.ensure(0, 40);
      await until(model, () => model.summary.complete);
      expect(model.summary.total).toBe(expected);
      expect(model.row(0)?.sha).toMatch(/^[0-9a-f]{40}$/);
      // Only page 0 and the completion poll were asked for, not every row.
      expect(model.row(GRAPH_PAGE_ROWS)).toBeUndefined();
      expect(calls.filter((offset) => offset < expected)).toEqual([0]);

      model.ensure(GRAPH_PAGE_ROWS + 10, GRAPH_PAGE_ROWS + 60);
      await until(model, () => model.row(GRAPH_PAGE_ROWS + 10) !== undefined);
      expect(model.indexOf(model.row(GRAPH_PAGE_ROWS + 10)!.sha)).toBe(GRAPH_PAGE_ROWS + 10);

      // A branch moves and another client's page 0 makes the engine lay out anew: this model's
      // next page comes back with the new revision, and it starts over from page 0.
      const before = model.summary.revision;
      git(repo, 'checkout', '-q', 'wt-1');
      const tip = makeCommit(repo, { message: 'new work on wt-1' });
      const other = await service.commits({ repoId: 'r', offset: 0, limit: 1 });
      expect(other.ok && other.value.revision).not.toBe(before);
      model.ensure(2 * GRAPH_PAGE_ROWS, 2 * GRAPH_PAGE_ROWS + 10);
      await until(model, () => model.summary.revision !== before && model.row(0) !== undefined && model.summary.complete);
      expect(model.summary.total).toBe(expected + 1);
      expect(model.row(GRAPH_PAGE_ROWS + 10)).toBeUndefined();

      // reload() (what the page does when worktrees change) re-checks the refs itself.
      const second = makeCommit(repo, { message: 'more work on wt-1' });
      const revision = model.summary.revision;
      model.reload();
      await until(model, () => model.summary.revision !== revision && model.summary.complete);
      expect(model.summary.total).toBe(expected + 2);
      // The fixture's commit dates are newer than the generated history's: both are on top.
      expect([model.indexOf(second), model.indexOf(tip)]).toEqual([0, 1]);
    } finally {
      model.dispose();
      await service.dispose();
    }
  });
});
