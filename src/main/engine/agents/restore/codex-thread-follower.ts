/**
 * Keep looking for a Codex session's thread id until it is found.
 *
 * Codex writes its rollout file at the first turn, and a first-time user may spend minutes on
 * the sign-in and "Trust this folder?" screens before that; looking only a few times after launch
 * (it used to be 3, 10 and 30 s) left such sessions unpinned, and a restore then fell back to
 * `resume --last`, which picks the wrong thread when two Codex sessions share a worktree. So the
 * follower looks quickly at first, then every {@link MAX_DELAY_MS} at most, for as long as the
 * session runs without an id. A look is a readdir of one or two day folders and a read of the
 * head of new rollouts, cheap enough to repeat.
 */

/** First wait (ms), growth factor and cap of the waits between looks. */
export const FIRST_DELAY_MS = 1_000;
const FACTOR = 2;
export const MAX_DELAY_MS = 15_000;

/** The wait before look number `attempt` (0-based). */
export function followDelay(attempt: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * FACTOR ** attempt);
}

export interface FollowOptions {
  /** One look: 'found' or 'stop' ends the following (found it, or the session is gone). */
  readonly look: () => Promise<'found' | 'stop' | 'again'>;
  /** Arm a timer; returns its cancel function (the service's Disposables.timeout). */
  readonly schedule: (callback: () => void, ms: number) => () => void;
  readonly delay?: (attempt: number) => number;
  readonly onError?: (error: unknown) => void;
}

/** Start following; returns the function that stops it. */
export function followCodexThread(options: FollowOptions): () => void {
  const delay = options.delay ?? followDelay;
  let attempt = 0;
  let stopped = false;
  let cancel: () => void = () => undefined;
  const next = (): void => {
    if (stopped) return;
    cancel = options.schedule(() => void lookOnce(), delay(attempt++));
  };
  const lookOnce = async (): Promise<void> => {
    if (stopped) return;
    let outcome: 'found' | 'stop' | 'again' = 'again';
    try {
      outcome = await options.look();
    } catch (error) {
      options.onError?.(error);
    }
    if (outcome === 'again') next();
    else stopped = true;
  };
  next();
  return () => {
    stopped = true;
    cancel();
  };
}
