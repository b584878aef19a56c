/**
 * The live table `run` and `status` print: one row per agent, plus quota and CI.
 *
 * Pure: rows in, text out. `run` redraws it in place on a terminal and appends only changed
 * rows when its output is a file or a pipe (logs stay readable).
 */
import path from 'node:path';
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import type { QuotaSnapshot } from '../../../shared/protocol/usage.ts';
import { agentState } from '../../../shared/agent-state.ts';

export interface AgentRow {
  worktree: string;
  branch: string;
  agent: string;
  status: string;
  since: string;
  ci: string;
}

export interface TableInput {
  agents: readonly AgentSession[];
  /** Worktree path → branch (null: detached). */
  branches: ReadonlyMap<string, string | null>;
  /** Worktree path → CI summary ('' when unknown or off). */
  ci: ReadonlyMap<string, string>;
  quota: QuotaSnapshot | null;
  now: number;
}

/** "3s", "4m", "2h 5m". */
export function age(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** The status column: the same states as the app's sidebar (`shared/agent-state.ts`). */
export function statusText(agent: AgentSession, timeZone?: string): string {
  const state = agentState(agent);
  switch (state) {
    case 'exited':
      return `exited (${agent.exitCode ?? '?'})`;
    case 'needs-input':
      return agent.detail ? `needs input: ${agent.detail}` : 'needs input';
    case 'stalled':
      return agent.stall?.resetsAt ? `stalled until ${clock(agent.stall.resetsAt, timeZone)}` : 'stalled on a usage limit';
    case 'working':
    case 'done':
    case 'idle':
      return state;
  }
}

function clock(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
}

export function agentRows(input: TableInput): AgentRow[] {
  return input.agents.map((agent) => ({
    worktree: path.basename(agent.cwd),
    branch: input.branches.get(agent.cwd) ?? '-',
    agent: agent.agentName,
    status: statusText(agent),
    since: agent.statusSince,
    ci: input.ci.get(agent.cwd) || '-',
  }));
}

/** One line per rate window: "codex 5h 42% (resets 14:05)". */
export function quotaLines(quota: QuotaSnapshot | null, timeZone?: string): string[] {
  if (!quota) return [];
  const lines: string[] = [];
  for (const provider of quota.providers) {
    // The binding window (first) is the one that stalls the agent: one per account is enough here.
    const window = provider.windows[0];
    if (window) {
      const reset = window.resetsAt
        ? ` (resets ${new Date(window.resetsAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) })})`
        : '';
      lines.push(`${provider.provider} ${window.kind} ${Math.round(window.usedPercent)}%${window.exhausted ? ' EXHAUSTED' : ''}${reset}`);
    }
  }
  return lines;
}

export function renderTable(input: TableInput, maxWidth = 200): string {
  const rows = agentRows(input);
  const header = ['WORKTREE', 'BRANCH', 'AGENT', 'STATUS', 'FOR', 'CI'];
  const cells = rows.map((row) => [row.worktree, row.branch, row.agent, row.status, age(row.since, input.now), row.ci]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (parts: readonly string[]): string => clip(parts.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd(), maxWidth);
  const quota = quotaLines(input.quota);
  return [
    line(header),
    ...(cells.length === 0 ? ['(no agents)'] : cells.map(line)),
    ...(quota.length > 0 ? ['', `Quota: ${quota.join(' · ')}`] : []),
  ].join('\n') + '\n';
}

function clip(text: string, width: number): string {
  return [...text].length <= width ? text : `${[...text].slice(0, Math.max(1, width - 1)).join('')}…`;
}

/** Rows that differ from the last print, for appended (non-TTY) output. */
export function changedRows(previous: ReadonlyMap<string, string>, input: TableInput): { lines: string[]; next: Map<string, string> } {
  const next = new Map<string, string>();
  const lines: string[] = [];
  input.agents.forEach((agent, index) => {
    const row = agentRows(input)[index]!;
    const text = `${row.worktree} ${row.branch} ${row.agent}: ${row.status}${row.ci !== '-' ? ` · CI ${row.ci}` : ''}`;
    next.set(agent.sessionId, text);
    if (previous.get(agent.sessionId) !== text) lines.push(`${new Date(input.now).toISOString().slice(11, 19)} ${text}`);
  });
  return { lines, next };
}
