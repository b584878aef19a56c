/**
 * `run`'s live table: redrawn in place on a terminal, appended line by line otherwise.
 *
 * It follows the engine's event stream (agents, usage, CI) and re-reads what it shows at most a
 * few times a second; on a terminal a slow tick keeps the "FOR" column moving.
 */
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import type { EngineClient } from '../../../shared/protocol/index.ts';
import type { QuotaSnapshot } from '../../../shared/protocol/usage.ts';
import type { CiStatus } from '../../../shared/protocol/ci.ts';
import { changedRows, renderTable, type TableInput } from './status-table.ts';

export interface LiveViewOptions {
  client: EngineClient;
  /** Only these sessions are shown (the ones `run` started). */
  sessionIds: ReadonlySet<string>;
  branches: ReadonlyMap<string, string | null>;
  write: (text: string) => void;
  tty: boolean;
  columns: () => number;
}

const REFRESH_MS = 300;
const TICK_MS = 1000;

export function ciSummary(worktree: {
  checks: { state: string; failing: readonly unknown[] };
  triage: { enabled: boolean; phase: string; attempts: number; maxAttempts: number };
}): string {
  const checks = worktree.checks.state === 'none' ? '' : worktree.checks.state === 'failure' ? `failing (${worktree.checks.failing.length})` : worktree.checks.state;
  const triage = !worktree.triage.enabled
    ? ''
    : worktree.triage.phase === 'escalated'
      ? 'escalated'
      : worktree.triage.attempts > 0
        ? `triaging ${worktree.triage.attempts}/${worktree.triage.maxAttempts}`
        : 'auto';
  return [checks, triage].filter(Boolean).join(', ');
}

/** What the table shows, and the CI status it was built from (one read of each). */
export async function readSnapshot(
  client: EngineClient,
  filter: { sessionIds: ReadonlySet<string> | null; branches?: ReadonlyMap<string, string | null> },
): Promise<{ input: TableInput; ci: CiStatus | null }> {
  const [agents, quota, ciResult] = await Promise.all([
    client.agents.list(),
    client.usage.quota().catch((): QuotaSnapshot | null => null),
    client.ci.status({}).catch(() => null),
  ]);
  const ci = ciResult?.ok ? ciResult.value : null;
  const ciByPath = new Map<string, string>();
  // Without branches from the caller, CI's scan of the worktrees names them (no extra git calls).
  const branches = new Map(filter.branches ?? []);
  for (const worktree of ci?.worktrees ?? []) {
    ciByPath.set(worktree.worktree, ciSummary(worktree));
    if (!filter.branches) branches.set(worktree.worktree, worktree.branch);
  }
  return {
    input: {
      agents: agents.filter((agent: AgentSession) => filter.sessionIds === null || filter.sessionIds.has(agent.sessionId)),
      branches,
      ci: ciByPath,
      quota,
      now: Date.now(),
    },
    ci,
  };
}

export async function snapshot(options: Pick<LiveViewOptions, 'client' | 'sessionIds' | 'branches'>): Promise<TableInput> {
  return (await readSnapshot(options.client, { sessionIds: options.sessionIds, branches: options.branches })).input;
}

/** Runs until `signal` aborts. */
export async function runLiveView(options: LiveViewOptions, signal: AbortSignal): Promise<void> {
  let drawnLines = 0;
  let previous = new Map<string, string>();
  let scheduled: NodeJS.Timeout | null = null;
  let drawing: Promise<void> = Promise.resolve();

  const draw = async (): Promise<void> => {
    if (signal.aborted) return;
    const input = await snapshot(options).catch(() => null);
    if (!input || signal.aborted) return;
    if (options.tty) {
      const text = renderTable(input, options.columns());
      // Up over the last table, clear to the end of the screen, draw the new one.
      options.write(`${drawnLines > 0 ? `\x1b[${drawnLines}A\x1b[J` : ''}${text}`);
      drawnLines = text.split('\n').length - 1;
    } else {
      const { lines, next } = changedRows(previous, input);
      previous = next;
      if (lines.length > 0) options.write(lines.join('\n') + '\n');
    }
  };
  const refresh = (): void => {
    if (scheduled || signal.aborted) return;
    scheduled = setTimeout(() => {
      scheduled = null;
      drawing = drawing.then(draw);
    }, REFRESH_MS);
  };

  const ticker = options.tty ? setInterval(refresh, TICK_MS) : null;
  drawing = drawing.then(draw);
  try {
    const events = await options.client.events.subscribe(undefined, { signal });
    for await (const event of events) {
      if (signal.aborted) break;
      if (event.type !== 'snapshot') refresh();
    }
  } catch {
    // Aborted, or the engine went away: the caller decides what to say.
  } finally {
    if (ticker) clearInterval(ticker);
    if (scheduled) clearTimeout(scheduled);
    await drawing;
  }
}
