/**
 * A large, realistic history written with one `git fast-import` (seconds for 20k commits, where
 * 20k `git commit` calls would take minutes): a `main` with feature branches merged back
 * (`--no-ff` style), a second long-lived target `consumer` (named in the committed
 * `agent-orchestrator.json`) that keeps merging `main`, and open worktree branches forked from
 * `main` at different points, each recording its target in git config the way the app does.
 *
 * Deterministic: the same options give the same commit ids. Used by the branch graph's e2e test
 * and by bench/git-graph.
 */
import { execFileSync } from 'node:child_process';

export interface HistoryOptions {
  /** Commits to write in total (at least; the last feature may add a few). */
  readonly commits: number;
  /** Open branches (`wt-<n>`) with a recorded target, forked from main across its history. */
  readonly openBranches: number;
  /** Commits on each open branch. */
  readonly commitsPerBranch?: number;
  /** A feature branch of this many commits is merged into main every `mergeEvery` main commits. */
  readonly featureLength?: number;
  readonly mergeEvery?: number;
}

export interface GeneratedHistory {
  readonly commits: number;
  readonly openBranches: readonly string[];
  readonly targets: readonly string[];
}

const START = 1_600_000_000;
/** The repository configuration, committed first: `consumer` is the second target. */
const CONFIG = `${JSON.stringify({ targets: ['consumer'] })}\n`;

/** Write the history into `repo` (an empty repository) and check out `main`. */
export function generateHistory(repo: string, options: HistoryOptions): GeneratedHistory {
  const featureLength = options.featureLength ?? 4;
  const mergeEvery = options.mergeEvery ?? 12;
  const perBranch = options.commitsPerBranch ?? 3;
  const chunks: string[] = [];
  let mark = 0;
  let time = START;
  let count = 0;

  const commit = (ref: string, message: string, parents: readonly number[]): number => {
    mark++;
    count++;
    time += 37;
    const body = `${message}\n`;
    const content = `${message} ${mark}\n`;
    chunks.push(
      `commit ${ref}\nmark :${mark}\nauthor Dev ${mark % 7} <dev${mark % 7}@example.com> ${time} +0000\ncommitter Dev <dev@example.com> ${time} +0000\n` +
        `data ${Buffer.byteLength(body)}\n${body}` +
        (parents.length > 0 ? `from :${parents[0]}\n` : '') +
        parents.slice(1).map((parent) => `merge :${parent}\n`).join('') +
        `M 644 inline src/file-${mark % 64}.txt\ndata ${Buffer.byteLength(content)}\n${content}\n` +
        (mark === 1 ? `M 644 inline agent-orchestrator.json\ndata ${Buffer.byteLength(CONFIG)}\n${CONFIG}\n` : ''),
    );
    return mark;
  };

  const mainMarks: number[] = [];
  let main = commit('refs/heads/main', 'initial commit', []);
  mainMarks.push(main);
  let consumer = 0;
  const branchBudget = options.openBranches * perBranch;
  let feature = 0;
  while (count < options.commits - branchBudget) {
    const step = mainMarks.length;
    if (step % mergeEvery === 0) {
      // A feature branch from main, merged back with a merge commit.
      feature++;
      let tip = main;
      for (let i = 0; i < featureLength; i++) tip = commit(`refs/heads/feature-${feature}`, `feature ${feature}: step ${i + 1}`, [tip]);
      main = commit('refs/heads/main', `Merge branch 'feature-${feature}'`, [main, tip]);
    } else {
      main = commit('refs/heads/main', `main: change ${step}`, [main]);
    }
    mainMarks.push(main);
    if (consumer === 0 && mainMarks.length === 20) {
      consumer = commit('refs/heads/consumer', 'consumer: start', [main]);
    } else if (consumer !== 0 && step % 25 === 0) {
      consumer = commit('refs/heads/consumer', `consumer: merge main at ${step}`, [consumer, main]);
    } else if (consumer !== 0 && step % 9 === 0) {
      consumer = commit('refs/heads/consumer', `consumer: change ${step}`, [consumer]);
    }
  }
  const openBranches: string[] = [];
  for (let b = 0; b < options.openBranches; b++) {
    const name = `wt-${b + 1}`;
    // Forked from main at spread-out points, newest last so several stay active near the top.
    const base = mainMarks[Math.floor(((b + 1) / (options.openBranches + 1)) * (mainMarks.length - 1))]!;
    let tip = base;
    for (let i = 0; i < perBranch; i++) tip = commit(`refs/heads/${name}`, `${name}: work ${i + 1}`, [tip]);
    openBranches.push(name);
  }
  chunks.push('done\n');

  const run = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('git', ['fast-import', '--quiet', '--done'], { cwd: repo, input: chunks.join(''), stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  // Merged feature branches are gone in real repositories too; only their commits stay.
  const features = run('for-each-ref', '--format=%(refname)', 'refs/heads/feature-*').split('\n').filter(Boolean);
  if (features.length > 0) {
    execFileSync('git', ['update-ref', '--stdin'], { cwd: repo, input: features.map((ref) => `delete ${ref}\n`).join('') });
  }
  // Every other open branch targets consumer: two targets, as in the issue.
  openBranches.forEach((name, index) => run('config', `branch.${name}.agentOrchestratorTarget`, index % 2 === 1 && consumer !== 0 ? 'consumer' : 'main'));
  run('checkout', '-q', '-f', 'main');
  return { commits: count, openBranches, targets: consumer !== 0 ? ['main', 'consumer'] : ['main'] };
}
