/**
 * `agent-orchestrator usage [--json] [--since DATE] [--until DATE]`: tokens, cost and windows.
 *
 * Asks the engine (the running one, or a one-shot engine in this process that reads the agents'
 * own logs — CODEX_HOME, CLAUDE_CONFIG_DIR (comma list = several accounts) and GEMINI_DIR —
 * starting from the saved index). Usage in the registered repositories' worktrees is grouped by
 * worktree; the rest by its working directory.
 */
import type { QuotaSnapshot, RateWindow, UsageSummary, UsageTotals } from '../../../shared/protocol/usage.ts';
import { withEngine } from '../engine-client.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { plural } from '../../../shared/plural.ts';

/** `YYYY-MM-DD` or `YYYYMMDD` → `YYYY-MM-DD`. */
export function parseDay(value: string, flag: string): string {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value.trim());
  const day = match ? `${match[1]}-${match[2]}-${match[3]}` : '';
  if (!match || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new UsageError(`${flag} must be a date like 2026-09-01, got '${value}'`);
  }
  return day;
}

/** Run the command; returns the exit code. */
export async function usageCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    json: { type: 'boolean' },
    since: { type: 'string' },
    until: { type: 'string' },
  });
  const since = values.since === undefined ? undefined : parseDay(values.since, '--since');
  const until = values.until === undefined ? undefined : parseDay(values.until, '--until');
  if (since && until && until < since) throw new UsageError('--until is before --since');

  const { summary, quota } = await withEngine(async ({ client }) => ({
    summary: await client.usage.summary({ ...(since ? { since } : {}), ...(until ? { until } : {}), includeSessions: true }),
    quota: await client.usage.quota(),
  }));
  if (values.json) {
    process.stdout.write(JSON.stringify({ summary, quota }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(renderUsage(summary, quota, Date.now(), summary.timeZone));
  return 0;
}

// ---- table rendering ----

const n = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Cost cell: "$1.23", "unpriced", or "$1.23 + 2 unpriced". */
export function costText(totals: UsageTotals): string {
  if (totals.costUsd === null) return 'unpriced';
  const dollars = `$${totals.costUsd.toFixed(2)}`;
  return totals.unpricedRequests > 0 ? `${dollars} +${totals.unpricedRequests} unpriced` : dollars;
}

/** A plain-text table; `align` has one letter per column, `l` or `r`. */
function table(header: string[], rows: string[][], align: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    '  ' + cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const TOKEN_HEADER = ['requests', 'input', 'cached', 'output', 'reasoning', 'cost'];
const tokenCells = (t: UsageTotals): string[] => [
  n(t.requests),
  n(t.inputTokens),
  n(t.cachedInputTokens),
  n(t.outputTokens),
  n(t.reasoningTokens),
  costText(t),
];

/** "3h 24m" / "2d 5h" / "now". */
export function duration(ms: number): string {
  if (ms <= 0) return 'now';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

function windowCells(w: RateWindow, now: number, timeZone: string): string[] {
  const reset = w.resetsAt === null ? null : Date.parse(w.resetsAt);
  const resetText =
    reset === null
      ? 'reset unknown'
      : w.awaitingData
        ? `reset at ${new Date(reset).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' })}, 0 % (awaiting data)`
        : `resets in ${duration(reset - now)} (${new Date(reset).toLocaleString('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' })})`;
  const flags = [
    w.binding ? 'binding' : '',
    w.exhausted ? 'EXHAUSTED' : '',
    w.stale ? `stale since ${new Date(w.observedAt).toLocaleString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' })}` : '',
    w.overPace ? 'over pace' : '',
  ].filter(Boolean);
  const full = w.projectedFullAt ? `100 % in ~${duration(Date.parse(w.projectedFullAt) - now)}` : '';
  return [
    `${w.bucket}${w.bucketName ? ` (${w.bucketName})` : ''}`,
    w.kind,
    `${Math.round(w.usedPercent)} %`,
    resetText,
    w.awaitingData || w.resetsAt === null ? '' : `pace ${w.pacePercent >= 0 ? '+' : ''}${Math.round(w.pacePercent)}`,
    [full, ...flags].filter(Boolean).join(', '),
  ];
}

/** `YYYY-MM-DD` of `now` in `timeZone` (the engine's bucketing zone). */
function todayIn(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The human-readable report. */
export function renderUsage(summary: UsageSummary, quota: QuotaSnapshot, now: number, timeZone: string): string {
  const out: string[] = [];
  const range = summary.since || summary.until ? `${summary.since ?? '…'} to ${summary.until ?? todayIn(now, timeZone)}` : 'all time';
  out.push(`Usage, ${range} (${timeZone}). Cost is API-equivalent (pricing of ${summary.scan.pricingTakenAt}).\n`);
  if (summary.totals.requests === 0) out.push('\nNo usage found in the agents\' logs.\n');
  else {
    out.push('\nBy provider\n');
    out.push(table(['provider', ...TOKEN_HEADER], [...summary.byProvider.map((p) => [p.provider, ...tokenCells(p.totals)]), ['total', ...tokenCells(summary.totals)]], 'lrrrrrr'));
    out.push('\nBy day\n');
    out.push(table(['day', 'provider', ...TOKEN_HEADER], summary.byDay.map((d) => [d.day, d.provider, ...tokenCells(d.totals)]), 'llrrrrrr'));
    // Worktrees, with usage outside every registered worktree listed by its working directory.
    const groups = new Map<string, { label: string; provider: string; totals: UsageTotals[] }>();
    for (const s of summary.sessions) {
      const label = s.worktreePath ?? s.cwd ?? `(${s.provider} project, folder unknown)`;
      const key = `${label}\0${s.provider}`;
      const g = groups.get(key) ?? { label, provider: s.provider, totals: [] };
      g.totals.push(s.totals);
      groups.set(key, g);
    }
    out.push('\nBy worktree (or working directory)\n');
    out.push(
      table(
        ['worktree', 'provider', ...TOKEN_HEADER],
        [...groups.values()]
          .sort((a, b) => a.label.localeCompare(b.label) || a.provider.localeCompare(b.provider))
          .map((g) => [g.label, g.provider, ...tokenCells(sumTotals(g.totals))]),
        'llrrrrrr',
      ),
    );
  }
  out.push('\nRate-limit windows\n');
  for (const p of quota.providers) {
    const head = `  ${p.provider}  ${p.account}${p.planType ? `  plan ${p.planType}` : ''}`;
    if (p.windows.length === 0) {
      const requests = p.requestsToday !== null ? ` Requests today: ${p.requestsToday}.` : '';
      out.push(`${head}\n    unknown: ${p.note ?? ''}${requests}\n`);
      continue;
    }
    out.push(`${head}\n`);
    out.push(table(['bucket', 'window', 'used', 'reset', 'pace', 'notes'], p.windows.map((w) => windowCells(w, now, timeZone)), 'llrlrl').trimEnd().replace(/^/gm, '  ') + '\n');
  }
  const stalled = summary.sessions.filter((s) => s.stalledUntil !== null);
  if (stalled.length > 0) {
    out.push('\nStalled on a limit\n');
    for (const s of stalled) out.push(`  ${s.provider} ${s.sessionId} (${s.worktreePath ?? s.cwd ?? '?'}) until ${s.stalledUntil}\n`);
  }
  if (summary.scan.corruptLines > 0) out.push(`\n${plural(summary.scan.corruptLines, 'unreadable log line')} skipped.\n`);
  return out.join('');
}

function sumTotals(list: readonly UsageTotals[]): UsageTotals {
  const models = new Set<string>();
  let cost = 0;
  let priced = false;
  const sum = list.reduce(
    (acc, t) => {
      t.unpricedModels.forEach((m) => models.add(m));
      if (t.costUsd !== null) {
        cost += t.costUsd;
        priced = true;
      }
      return {
        ...acc,
        inputTokens: acc.inputTokens + t.inputTokens,
        cachedInputTokens: acc.cachedInputTokens + t.cachedInputTokens,
        cacheWriteTokens: acc.cacheWriteTokens + t.cacheWriteTokens,
        outputTokens: acc.outputTokens + t.outputTokens,
        reasoningTokens: acc.reasoningTokens + t.reasoningTokens,
        requests: acc.requests + t.requests,
        unpricedRequests: acc.unpricedRequests + t.unpricedRequests,
      };
    },
    { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, requests: 0, unpricedRequests: 0 },
  );
  return { ...sum, costUsd: priced ? Math.round(cost * 1e6) / 1e6 : sum.unpricedRequests > 0 ? null : 0, unpricedModels: [...models].sort() };
}
