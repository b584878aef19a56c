/**
 * Where the shell finds its parts, relative to the app root (the repository in development, the
 * `app.asar` archive when packaged): both layouts are the same `dist/` tree.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Absolute paths of everything the shell loads or starts. */
export interface AppPaths {
  readonly root: string;
  /** Sandboxed preload, bundled to one CommonJS file (sandboxed preloads cannot `require` files). */
  readonly preload: string;
  /** The renderer's entry, built by Vite with `base: './'` so it works from `file://`. */
  readonly rendererIndex: string;
  /** The same, as the `file://` URL the window ends up showing. */
  readonly rendererUrl: string;
  /** The bundled CLI; `serve` starts the engine. */
  readonly engineEntry: string;
  /** Window icon. */
  readonly icon: string;
}

/**
 * Resolve the app's paths from the directory of the bundled main script
 * (`<root>/dist/electron`).
 */
export function resolveAppPaths(mainScriptDir: string): AppPaths {
  const root = path.resolve(mainScriptDir, '..', '..');
  const rendererIndex = path.join(root, 'dist', 'renderer', 'index.html');
  return {
    root,
    preload: path.join(root, 'dist', 'preload', 'index.cjs'),
    rendererIndex,
    rendererUrl: pathToFileURL(rendererIndex).href,
    engineEntry: unpacked(path.join(root, 'dist', 'cli', 'index.mjs')),
    icon: path.join(root, 'assets', 'icon.png'),
  };
}

/**
 * Node flags for the engine process. `--max-semi-space-size=2` caps the main thread's young
 * generation at two 2 MB semi-spaces (V8's default lets it grow to 32 MB under allocation, and
 * a long-lived engine keeps it): with eight chatty panes the engine's RSS measured 17 MB lower,
 * its peak 27 MB lower (bench/footprint, engine-only mode). Worker threads size their own
 * (`resourceLimits`, e.g. the mirror thread's). Only where the engine's command line is ours:
 * the desktop app and `npm start`'s web mode (scripts/start.mjs repeats it); `serve` typed in a
 * terminal runs with Node's defaults.
 */
export const ENGINE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/**
 * V8 flags for the window's renderer (`app.commandLine.appendSwitch('js-flags', …)`), the same
 * young-generation cap as the engine's: terminal output churns short-lived objects, and V8 lets
 * a busy page's young generation grow to its maximum and keep it. With eight chatty panes the
 * page's renderer measured 15 % lower at the median and 9 % at the peak, for 3 % more renderer
 * CPU (bench/footprint, `small-young-gen` against the shipped page, same run). Only the desktop
 * app: a page in the user's own browser runs with that browser's flags.
 */
export const RENDERER_JS_FLAGS = '--max-semi-space-size=2';

/**
 * Arguments for `serve`: loopback only, a random free port, a JSON ready line. `file://` is the
 * Origin a renderer loaded with `loadFile` sends, which the engine rejects unless allowed.
 * `--exit-with-stdin`: the host keeps the engine's stdin open, so if the shell dies without
 * stopping it (crash, SIGKILL) the engine sees EOF and exits instead of lingering as an orphan.
 */
export function engineServeArgs(engineEntry: string): string[] {
  return [
    ...ENGINE_NODE_FLAGS,
    engineEntry,
    'serve',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--allow-origin',
    'file://',
    '--ready-json',
    '--exit-with-stdin',
  ];
}

/**
 * The unpacked copy of a file electron-builder keeps outside the archive (`asarUnpack`).
 *
 * The engine runs as Electron-as-Node from `dist/cli`, which is unpacked (with node-pty) so its
 * module loading never goes through asar; outside a package the path is returned unchanged.
 */
export function unpacked(file: string): string {
  const marker = `${path.sep}app.asar${path.sep}`;
  return file.includes(marker) ? file.replace(marker, `${path.sep}app.asar.unpacked${path.sep}`) : file;
}

/**
 * The engine's data folder, as the engine computes it (`src/main/engine/paths.ts#defaultHome`,
 * which the shell may not import: it talks to the engine only over the protocol). A unit test
 * keeps the two in step. The shell needs it to find `engine.json` before any engine runs.
 */
export function engineDataFolder(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  homedir: string,
): string {
  const override = env.AGENT_ORCHESTRATOR_HOME;
  if (override && override.trim() !== '') return path.resolve(override);
  switch (platform) {
    case 'darwin':
      return path.join(homedir, 'Library', 'Application Support', 'agent-orchestrator');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(homedir, 'AppData', 'Roaming'), 'agent-orchestrator');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(homedir, '.config'), 'agent-orchestrator');
  }
}
