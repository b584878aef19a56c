/**
 * A generated repository for the git-map benchmark, written with `git fast-import` (seconds, not
 * minutes): a long linear `main`, a `consumer` target forked near its end, and worktree branches
 * forked from recent main commits — some merged with a merge commit, some squash-merged, some
 * that would conflict, the rest open.
 */
import { spawn } from 'node:child_process';

export interface RepoShape {
  mainCommits: number;
  branches: number;
  consumerCommits: number;
}

/** Branch names in order; `kind` says how main treats it. */
export function branchPlan(shape: RepoShape): Array<{ name: string; fork: number; kind: 'merged' | 'squashed' | 'conflicting' | 'open' }> {
  const kinds = ['merged', 'squashed', 'conflicting', 'open', 'open'] as const;
  return Array.from({ length: shape.branches }, (_, index) => ({
    name: `agent/task-${String(index).padStart(2, '0')}`,
    // Forked from the last ~1000 commits of main, spread out.
    fork: shape.mainCommits - 1_000 + Math.floor((index * 1_000) / shape.branches),
    kind: kinds[index % kinds.length]!,
  }));
}

/** Write the fast-import stream for `shape` into a fresh repository at `repo` (already `git init`ed). */
export async function generateRepo(repo: string, shape: RepoShape): Promise<void> {
  const lines: string[] = [];
  let mark = 0;
  let time = 1_700_000_000;
  const commit = (ref: string, message: string, parents: number[], files: Array<[string, string]>): number => {
    mark += 1;
    time += 60;
    lines.push(`commit ${ref}`, `mark :${mark}`, `committer Bench <bench@example.com> ${time} +0000`);
    const text = `${message}\n`;
    lines.push(`data ${Buffer.byteLength(text)}`, text.slice(0, -1));
    if (parents[0] !== undefined) lines.push(`from :${parents[0]}`);
    for (const parent of parents.slice(1)) lines.push(`merge :${parent}`);
    for (const [file, content] of files) {
      const body = `${content}\n`;
      lines.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(body)}`, body.slice(0, -1));
    }
    lines.push('');
    return mark;
  };

  const main: number[] = [];
  for (let i = 0; i < shape.mainCommits; i++) {
    main.push(commit('refs/heads/main', `main ${i}`, main.length ? [main.at(-1)!] : [], [[`src/f${i % 500}.txt`, `main line ${i}`]]));
  }
  let consumer = main[shape.mainCommits - 600]!;
  for (let i = 0; i < shape.consumerCommits; i++) {
    consumer = commit('refs/heads/consumer', `consumer ${i}`, [consumer], [[`consumer/c${i % 50}.txt`, `consumer ${i}`]]);
  }
  let mainTip = main.at(-1)!;
  for (const branch of branchPlan(shape)) {
    const forkMark = main[branch.fork]!;
    const feature: Array<[string, string]> = [[`features/${branch.name}.txt`, `work of ${branch.name}`]];
    if (branch.kind === 'conflicting') feature.push([`src/f${(shape.mainCommits - 1) % 500}.txt`, `conflicting edit by ${branch.name}`]);
    let tip = commit(`refs/heads/${branch.name}`, `${branch.name}: part 1`, [forkMark], feature);
    tip = commit(`refs/heads/${branch.name}`, `${branch.name}: part 2`, [tip], [[`features/${branch.name}.notes`, 'notes']]);
    if (branch.kind === 'merged') mainTip = commit('refs/heads/main', `Merge ${branch.name}`, [mainTip, tip], []);
    if (branch.kind === 'squashed') {
      mainTip = commit('refs/heads/main', `${branch.name} (squashed)`, [mainTip], [...feature, [`features/${branch.name}.notes`, 'notes']]);
    }
  }
  lines.push('done', '');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repo, stdio: ['pipe', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`))));
    child.stdin.end(lines.join('\n'));
  });
}
