/** How often the log follower (`follow-log.ts`) looks for new output and for the end. */
export const FOLLOW_POLL_MS = 120;
