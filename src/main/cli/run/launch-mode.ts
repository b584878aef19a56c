/**
 * Where `run` shows its agents: the desktop app's window, or this terminal (headless).
 *
 * Pure, so every reason is tested: the user asked for headless, no display to open a window on,
 * or no Electron binary on this machine. The reason is printed in one line, so a user who
 * expected a window knows why they got a table.
 */
export type LaunchMode = { mode: 'desktop'; electron: string } | { mode: 'headless'; reason: string | null };

export interface LaunchFacts {
  headlessFlag: boolean;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The Electron executable found without downloading, or null with why. */
  electron: { path: string } | { path: null; reason: string };
}

export function decideLaunchMode(facts: LaunchFacts): LaunchMode {
  if (facts.headlessFlag) return { mode: 'headless', reason: null };
  const linuxLike = facts.platform !== 'darwin' && facts.platform !== 'win32';
  if (linuxLike && !facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY) {
    return { mode: 'headless', reason: 'no display (DISPLAY and WAYLAND_DISPLAY are not set)' };
  }
  if (facts.electron.path === null) return { mode: 'headless', reason: facts.electron.reason };
  return { mode: 'desktop', electron: facts.electron.path };
}
