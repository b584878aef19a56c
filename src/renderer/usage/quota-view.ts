/**
 * How quota windows read in the header and on panes (pure, tested on its own): countdowns, the
 * binding window, pace, "stale since …", "no data yet", exhausted at 98 %; which providers the
 * header leaves out because they were never used.
 *
 * The engine computes the facts (used %, reset time, elapsed share, stale flag) at the moment it
 * answered; only the clock-dependent parts (countdown, "awaiting data" once the reset passed) are
 * recomputed here against the renderer's clock, so a countdown ticks without asking the engine.
 */
import type { ProviderQuota, RateWindow, Stall, UsageProvider, UsageTotals } from '../../shared/protocol/index.ts';
import { plural } from '../../shared/plural.ts';

/** The CLIs refuse work around "2 % left"; percentages are coarse (agent-logs.md §5.5). */
export const EXHAUSTED_PERCENT = 98;

export const PROVIDER_NAMES: Record<UsageProvider, string> = { codex: 'Codex', claude: 'Claude', gemini: 'Gemini' };

/** "45s", "12m 05s", "2h 14m", "3d 4h"; "now" once it is due. Seconds only under an hour. */
export function formatCountdown(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'now';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "14:05" today, "Mon 14:05" within a week, "12 Sep 14:05" beyond (the user's locale and zone). */
export function formatClock(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (new Date(now).toDateString() === date.toDateString()) return time;
  if (Math.abs(at - now) < 6 * 86_400_000) return `${date.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

/**
 * The window to show first: the one the engine marked binding (least headroom), else the fullest
 * one. Windows whose reset passed without new data count as empty.
 */
export function bindingWindow(windows: readonly RateWindow[], now: number): RateWindow | null {
  const marked = windows.find((w) => w.binding && !passed(w, now));
  if (marked) return marked;
  let best: RateWindow | null = null;
  for (const w of windows) if (!best || usedNow(w, now) > usedNow(best, now)) best = w;
  return best;
}

/** Used percent at `now`: 0 once the reset time passed (the window started over). */
export function usedNow(window: RateWindow, now: number): number {
  return passed(window, now) ? 0 : window.usedPercent;
}

function passed(window: RateWindow, now: number): boolean {
  return window.awaitingData || (window.resetsAt !== null && Date.parse(window.resetsAt) <= now);
}

export interface PaceView {
  /** "+12% ahead of pace", "8% under pace", "on pace". */
  readonly label: string;
  readonly tone: 'over' | 'under' | 'even';
}

/**
 * Used percent against the share of the window's time elapsed: burning faster than the window
 * allows means hitting the limit before the reset. Within ±5 points reads as "on pace" (the
 * percentages are whole numbers and the elapsed share moves every minute).
 */
export function paceView(window: Pick<RateWindow, 'pacePercent' | 'overPace'>): PaceView {
  const pace = Math.round(window.pacePercent);
  if (window.overPace || pace > 5) return { label: `+${pace}% ahead of pace`, tone: 'over' };
  if (pace < -5) return { label: `${-pace}% under pace`, tone: 'under' };
  return { label: 'on pace', tone: 'even' };
}

export type GaugeTone = 'ok' | 'warn' | 'danger' | 'exhausted' | 'stale' | 'unknown';

/** One provider/account gauge in the header. */
export interface GaugeView {
  readonly key: string;
  /** "Codex", or "Codex · work" when one provider has several accounts. */
  readonly name: string;
  readonly tone: GaugeTone;
  /** 0–100 for the bar; null = unknown. */
  readonly percent: number | null;
  /** "5h 42%", "no data yet", "exhausted", "12 requests today". */
  readonly label: string;
  /** "resets in 2h 14m", or null. */
  readonly reset: string | null;
  readonly pace: PaceView | null;
  /** "stale since 14:05", or null when fresh. */
  readonly stale: string | null;
  /** Every window, one line each, for the tooltip. */
  readonly title: string;
}

/** The gauge of one provider/account at `now`. `thresholds` are the user's warning levels. */
export function gaugeView(quota: ProviderQuota, now: number, thresholds: readonly number[], showAccount: boolean): GaugeView {
  const key = `${quota.provider}:${quota.account}`;
  const name = showAccount ? `${PROVIDER_NAMES[quota.provider]} · ${accountName(quota.account)}` : PROVIDER_NAMES[quota.provider];
  const window = bindingWindow(quota.windows, now);
  if (!window) {
    // Used, but its logs hold no window data (Claude outside the app, `codex exec`): say so in
    // words a new user reads, and why in the tooltip — not "unknown".
    const requests = quota.requestsToday;
    return {
      key,
      name,
      tone: 'unknown',
      percent: null,
      label: requests !== null ? (requests > 0 ? `${plural(requests, 'request')} today` : 'none today') : 'no data yet',
      reset: null,
      pace: null,
      stale: null,
      title: [`${name}: no quota data yet`, quota.note, lastUsedLine(quota)].filter(Boolean).join('\n'),
    };
  }
  const used = usedNow(window, now);
  const exhausted = !passed(window, now) && (window.exhausted || used >= EXHAUSTED_PERCENT);
  const [warn, danger] = warnLevels(thresholds);
  const stale = window.stale && !passed(window, now) ? `stale since ${formatClock(Date.parse(window.observedAt), now)}` : null;
  const tone: GaugeTone = exhausted ? 'exhausted' : stale ? 'stale' : used >= danger ? 'danger' : used >= warn ? 'warn' : 'ok';
  const resetAt = window.resetsAt === null ? null : Date.parse(window.resetsAt);
  let reset: string | null = null;
  if (resetAt !== null) reset = resetAt <= now ? `reset at ${formatClock(resetAt, now)}, awaiting data` : `resets in ${formatCountdown(resetAt - now)}`;
  return {
    key,
    name,
    tone,
    percent: Math.max(0, Math.min(100, Math.round(used))),
    label: exhausted ? `${window.kind} exhausted` : `${window.kind} ${Math.round(used)}%`,
    reset,
    pace: passed(window, now) ? null : paceView(window),
    stale,
    title: [name, ...quota.windows.map((w) => windowLine(w, now))].join('\n'),
  };
}

/**
 * Never used here: no window data, and its logs show no request. The header leaves these out (a
 * new user has nothing to read in "Gemini unknown"); the quota popover lists them with why.
 */
export function neverUsed(quota: ProviderQuota): boolean {
  return quota.windows.length === 0 && quota.lastUsedDay === null && !(quota.requestsToday !== null && quota.requestsToday > 0);
}

/** The header's split: gauges for providers in use, names (and why) for those never used. */
export function quotaSections(
  providers: readonly ProviderQuota[],
  now: number,
  thresholds: readonly number[],
): { gauges: GaugeView[]; unused: { key: string; name: string; why: string }[] } {
  const used = providers.filter((p) => !neverUsed(p));
  const seen = new Set<UsageProvider>();
  const unused: { key: string; name: string; why: string }[] = [];
  for (const p of providers) {
    // One line per provider: a second unused account of it says nothing new.
    if (!neverUsed(p) || seen.has(p.provider)) continue;
    seen.add(p.provider);
    unused.push({ key: `${p.provider}:${p.account}`, name: PROVIDER_NAMES[p.provider], why: UNUSED_WHY[p.provider] });
  }
  return { gauges: gaugeViews(used, now, thresholds), unused };
}

const UNUSED_WHY: Record<UsageProvider, string> = {
  codex: 'no Codex sessions in its logs yet; its 5-hour and weekly windows appear after the first one',
  claude: 'no Claude Code sessions yet; its windows appear once a session started here reports its status line',
  gemini: 'no Gemini CLI sessions yet; Gemini keeps no quota on disk, so requests today are counted',
};

function lastUsedLine(quota: ProviderQuota): string | null {
  return quota.lastUsedDay === null ? null : `Last used ${quota.lastUsedDay}.`;
}

/** The gauges of every account, in the engine's order (providers as configured). */
export function gaugeViews(providers: readonly ProviderQuota[], now: number, thresholds: readonly number[]): GaugeView[] {
  const perProvider = new Map<UsageProvider, number>();
  for (const p of providers) perProvider.set(p.provider, (perProvider.get(p.provider) ?? 0) + 1);
  return providers.map((p) => gaugeView(p, now, thresholds, (perProvider.get(p.provider) ?? 0) > 1));
}

/** "5h: 42% used · resets 14:05 (in 2h 14m) · +12% ahead of pace · full by 13:10". */
export function windowLine(window: RateWindow, now: number): string {
  const parts = [`${window.kind}${window.bucketName ? ` (${window.bucketName})` : ''}: ${Math.round(usedNow(window, now))}% used`];
  const resetAt = window.resetsAt === null ? null : Date.parse(window.resetsAt);
  if (resetAt !== null) parts.push(resetAt <= now ? `reset at ${formatClock(resetAt, now)}, awaiting data` : `resets ${formatClock(resetAt, now)} (in ${formatCountdown(resetAt - now)})`);
  if (resetAt === null || resetAt > now) parts.push(paceView(window).label);
  if (window.projectedFullAt) parts.push(`full by ${formatClock(Date.parse(window.projectedFullAt), now)} at this pace`);
  if (window.stale) parts.push(`stale since ${formatClock(Date.parse(window.observedAt), now)}`);
  return parts.join(' · ');
}

/** The two levels the gauge colours at: the lowest and the highest threshold (defaults 80/95). */
function warnLevels(thresholds: readonly number[]): [number, number] {
  if (thresholds.length === 0) return [80, 95];
  return [Math.min(...thresholds), Math.max(...thresholds)];
}

/** The last folder name of an account's log folder ("/home/me/.codex-work" → ".codex-work"). */
export function accountName(account: string): string {
  return account.split(/[\\/]/).filter(Boolean).pop() ?? account;
}

/** "stalled until 14:05 (in 2h 14m)" for a pane, or "stalled on a usage limit" without a reset. */
export function stallLabel(stall: Pick<Stall, 'resetsAt'>, now: number): string {
  if (stall.resetsAt === null) return 'stalled on a usage limit';
  const at = Date.parse(stall.resetsAt);
  return at <= now ? `limit reset at ${formatClock(at, now)}` : `stalled until ${formatClock(at, now)} (in ${formatCountdown(at - now)})`;
}

/** "512", "35.4k", "1.2M", "3.4B". */
export function formatTokens(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return String(Math.round(n));
  if (abs < 1e6) return `${(n / 1e3).toFixed(abs < 1e4 ? 1 : 0)}k`;
  if (abs < 1e9) return `${(n / 1e6).toFixed(abs < 1e7 ? 2 : 1)}M`;
  return `${(n / 1e9).toFixed(2)}B`;
}

/** "$1.23" (API-equivalent), "<$0.01", or "—" when nothing could be priced. */
export function formatCost(usd: number | null): string {
  if (usd === null) return '—';
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(usd >= 100 ? 0 : 2)}`;
}

/** Tokens counted everywhere in the UI: the whole prompt plus the whole answer. */
export function totalTokens(totals: Pick<UsageTotals, 'inputTokens' | 'outputTokens'>): number {
  return totals.inputTokens + totals.outputTokens;
}
