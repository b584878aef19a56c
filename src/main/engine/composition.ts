/**
 * The composition root: builds one data folder's services on first use and disposes them.
 * `startEngine` and `startOneShotEngine` (index.ts) are its two callers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivateHome } from './fs/private-home.ts';
import { createRouter, type EngineRouter } from './router.ts';
import { defaultHome } from './paths.ts';
import { gitVersionProblem } from './git/version.ts';
import { EngineRunningError, type EngineOptions } from './engine-options.ts';
import { serviceBuilders } from './service-builders.ts';
import type { EngineServices, ServiceProvider } from './services.ts';
import type { AutoContinueService } from './usage/auto-continue-service.ts';

/** What `compose` hands its two callers. */
export interface Composition {
  home: string;
  oneShot: boolean;
  services: ServiceProvider;
  router: EngineRouter;
  /** Automatic "continue", once the usage service is built. */
  autoContinue(): AutoContinueService | null;
  onDispose(stop: () => void): void;
  disposing(): boolean;
  dispose(usageStarted: Promise<void>): Promise<void>;
}

/**
 * The one composition root: one data folder's services, each built on its first `get` by its
 * builder (service-builders.ts), and disposed together in an order that keeps work safe.
 */
export async function compose(options: EngineOptions): Promise<Composition> {
  const home = options.home ?? defaultHome();
  const oneShot = options.oneShot === true;
  // Say it once, plainly, at start instead of failing later in the middle of an operation. Not
  // awaited: `git --version` runs beside the start-up and the first requests (a one-shot CLI
  // command's git calls start while it runs; issue 14, CLI start); `dispose` waits for it.
  const gitChecked = gitVersionProblem()
    .then((problem) => {
      if (problem) process.stderr.write(`agent-orchestrator: ${problem}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`agent-orchestrator: could not run git --version: ${(error as Error).message}\n`);
    });
  // Sessions, agents and the layout belong to the serving engine; a one-shot engine keeps its
  // (empty) copies elsewhere so it can never overwrite theirs.
  const [stateHome] = await Promise.all([
    oneShot ? mkdtemp(path.join(os.tmpdir(), 'ao-oneshot-')) : home,
    ensurePrivateHome(home),
  ]);
  // Before anything is restored: two engines on one folder would both resume the same agents.
  let releaseLock: () => Promise<void> = async () => undefined;
  if (!oneShot) {
    const { acquireEngineLock, engineFileOf, findRunningEngine, readEngineFile } = await import('./instance/index.ts');
    const lock = await acquireEngineLock(home);
    if (!lock.ok) {
      const running = (await findRunningEngine(home)) ?? (await readEngineFile(home));
      throw new EngineRunningError({ kind: 'ENGINE_RUNNING', home, pid: running?.pid ?? null, baseUrl: running?.baseUrl ?? null });
    }
    releaseLock = lock.release;
    // A file left by a crashed engine: we hold the lock now, so it cannot be anyone else's.
    await rm(engineFileOf(home), { force: true });
  }

  const building = new Map<keyof EngineServices, Promise<unknown>>();
  const built = new Map<keyof EngineServices, unknown>();
  const services: ServiceProvider = {
    get(name) {
      let service = building.get(name);
      if (!service) {
        const attempt = builders[name]().then((value) => {
          built.set(name, value);
          return value;
        });
        service = attempt;
        building.set(name, attempt);
        // A build that failed is tried again by the next caller (the router retries a domain
        // whose load failed), not answered with the same failure forever.
        attempt.catch(() => {
          if (building.get(name) === attempt) building.delete(name);
        });
      }
      return service as Promise<EngineServices[typeof name]>;
    },
    built: (name) => (built.get(name) as EngineServices[typeof name] | undefined) ?? null,
  };
  const stops: (() => void)[] = [];
  let autoContinue: AutoContinueService | null = null;
  let disposing = false;
  const builders = serviceBuilders({
    home,
    stateHome,
    oneShot,
    options,
    services,
    onDispose: (stop) => stops.push(stop),
    setAutoContinue: (service) => {
      autoContinue = service;
    },
  });

  return {
    home,
    oneShot,
    services,
    router: createRouter(services),
    autoContinue: () => autoContinue,
    onDispose: (stop) => stops.push(stop),
    disposing: () => disposing,
    async dispose(usageStarted) {
      disposing = true;
      // A service still being built is disposed like the others once it is.
      await Promise.allSettled(building.values());
      for (const stop of stops) stop();
      // Whatever was built, in the order that keeps work safe: CI and the watchers first, the
      // agents before the terminals (agents still running now stay marked running, to come back
      // next start), settings flushed last.
      const has = <K extends keyof EngineServices>(name: K): EngineServices[K] | null => services.built(name);
      await has('ci')?.dispose();
      autoContinue?.dispose();
      has('worktrees')?.dispose();
      await has('gitMap')?.dispose();
      await has('bootstrap')?.dispose();
      await has('agents')?.dispose();
      await has('terminals')?.dispose();
      await has('usage')?.dispose();
      await has('graph')?.dispose();
      await usageStarted;
      await has('settings')?.flush();
      await gitChecked;
      if (oneShot) await rm(stateHome, { recursive: true, force: true }).catch(() => undefined);
      await releaseLock();
    },
  };
}

