/**
 * Reset times written in words by the agents when they refuse work on a limit.
 *
 * Claude's limit rows and screens say `Claude AI usage limit reached|1750708800` (old: epoch
 * seconds), `5-hour limit reached ∙ resets 2am`, `You've hit your limit · resets 1:30am
 * (Asia/Dhaka)` or `Weekly limit reached ∙ resets Sep 12, 9am`: a local wall-clock time, with
 * an IANA zone when Claude knows it (else the user's own zone). The reset is the first such
 * wall-clock time after the moment the text was written.
 */
import { zonedParts, zonedTimeToUtc, isValidTimeZone } from '../model/time-zone.ts';
import { resetFromCodexMessage } from './codex-parser.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const EPOCH = /usage limit reached\|(\d{9,13})/i;
const RESETS =
  /\breset(?:s)?(?:\s+at)?\s+(?:([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4}),?\s+)?(?:at\s+)?)?(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?(?:\s*\(([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2})\))?/i;
const TRY_AGAIN_AT =
  /try again at\s+(?:([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(\d{4}),?\s+)?)?(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?/i;

/**
 * The reset instant (epoch ms) named in a limit message, or null when it names none.
 *
 * `writtenAt` anchors relative phrases and picks the next matching wall-clock time;
 * `defaultZone` is used when the text names no zone.
 */
export function parseResetFromText(text: string, writtenAt: number, defaultZone: string): number | null {
  const epoch = EPOCH.exec(text);
  if (epoch) {
    const n = Number(epoch[1]);
    return n < 1e12 ? n * 1000 : n;
  }
  const relative = resetFromCodexMessage(text, writtenAt);
  if (relative !== null) return relative;
  const match = RESETS.exec(text) ?? TRY_AGAIN_AT.exec(text);
  if (!match) return null;
  const [, monthName, dayText, yearText, hourText, minuteText, meridiem, zoneText] = match;
  const zone = zoneText && isValidTimeZone(zoneText) ? zoneText : defaultZone;
  let hour = Number(hourText);
  const minute = minuteText ? Number(minuteText) : 0;
  if (hour > 23 || minute > 59) return null;
  if (meridiem) {
    const pm = meridiem.toLowerCase().startsWith('p');
    if (hour === 12) hour = pm ? 12 : 0;
    else if (pm) hour += 12;
  } else if (!minuteText) {
    return null; // a bare number ("resets 3") is not a time
  }
  const now = zonedParts(writtenAt, zone);
  if (monthName && dayText) {
    const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
    if (month === 0) return null;
    const year = yearText ? Number(yearText) : now.year;
    const at = zonedTimeToUtc(year, month, Number(dayText), hour, minute, zone);
    // "resets Jan 2" written on Dec 30 means next year's Jan 2.
    return !yearText && at < writtenAt - 86_400_000 ? zonedTimeToUtc(year + 1, month, Number(dayText), hour, minute, zone) : at;
  }
  let at = zonedTimeToUtc(now.year, now.month, now.day, hour, minute, zone);
  if (at <= writtenAt) {
    const next = zonedParts(at + 86_400_000, zone);
    at = zonedTimeToUtc(next.year, next.month, next.day, hour, minute, zone);
  }
  return at;
}
