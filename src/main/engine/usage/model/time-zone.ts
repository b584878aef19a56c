/**
 * Calendar arithmetic in a named IANA time zone, without a date library.
 *
 * Days are bucketed in the user's zone (a request at 23:30 in Berlin belongs to that evening,
 * not to the next UTC day), and Claude's limit rows give reset times as local wall-clock times
 * with a zone name. `Intl` is slow per call, so offsets are memoised per 15 minutes (every zone's
 * offset changes only on a quarter hour).
 */

const QUARTER_HOUR = 15 * 60_000;
/** Names of UTC itself (not of zones that merely sit at +0 part of the year, like Europe/London). */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/Universal', 'Etc/Zulu', 'Universal', 'Zulu', 'Etc/GMT', 'GMT', 'Etc/UCT', 'UCT']);
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is a time zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The runtime's own zone (the user's, for the engine and the CLI). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Offset of `zone` from UTC at instant `ts` in ms (east positive: Berlin summer = +7 200 000). */
export function zoneOffsetMs(ts: number, zone: string): number {
  // No offset to look up: spares a UTC machine (servers, CI, containers) the first `Intl` time
  // zone formatter, whose creation loads ICU's zone data (~20 ms, on a warm start's path).
  if (UTC_NAMES.has(zone)) return 0;
  let perZone = offsets.get(zone);
  if (!perZone) {
    perZone = new Map();
    offsets.set(zone, perZone);
  }
  const slot = Math.floor(ts / QUARTER_HOUR);
  const cached = perZone.get(slot);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(slot * QUARTER_HOUR))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = asUtc - slot * QUARTER_HOUR;
  perZone.set(slot, offset);
  return offset;
}

const dayCache = new Map<string, Map<number, string>>();

/** `YYYY-MM-DD` of instant `ts` in `zone` (memoised per quarter hour: called once per request). */
export function dayKey(ts: number, zone: string): string {
  let perZone = dayCache.get(zone);
  if (!perZone) {
    perZone = new Map();
    dayCache.set(zone, perZone);
  }
  const slot = Math.floor(ts / QUARTER_HOUR);
  let day = perZone.get(slot);
  if (day === undefined) {
    day = new Date(ts + zoneOffsetMs(ts, zone)).toISOString().slice(0, 10);
    perZone.set(slot, day);
  }
  return day;
}

/** The instant at which the wall clock in `zone` reads the given date and time. */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, zone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - zoneOffsetMs(wall, zone);
  // Twice is enough to settle across a DST change.
  guess = wall - zoneOffsetMs(guess, zone);
  return wall - zoneOffsetMs(guess, zone);
}

/** Wall-clock date parts of `ts` in `zone`. */
export function zonedParts(ts: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(ts + zoneOffsetMs(ts, zone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** Every `YYYY-MM-DD` from `first` to `last` inclusive (calendar days, zone-free). */
export function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let t = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  while (t <= end && out.length < 3700) {
    out.push(new Date(t).toISOString().slice(0, 10));
    t += 86_400_000;
  }
  return out;
}
