/**
 * The fixes domain: start a fix, land it, hand a conflict to an agent, restack children, and run
 * integrator merges. Operations that move branches run one at a time per repository, so two lands
 * (or a land and a restack) never race on the same refs.
 */
import type {
  ChildResult,
  FixPreview,
  HandToAgentInput,
  IntegrateInput,
  LandInput,
  LandResult,
  RestackChild,
  RestackInput,
  StartedFix,
  StartFixInput,
} from '../../../shared/protocol/fixes.ts';
import type { Result } from '../../../shared/result.ts';
import type { FixDeps } from './fix-deps.ts';
import { handToAgent } from './hand-to-agent.ts';
import { integrate, setIntegrator } from './integrate.ts';
import { landFix } from './land.ts';
import { listChildren, restack } from './restack.ts';
import { previewFix, startFix } from './start-fix.ts';

export class FixService {
  /** One queue for every branch-moving operation (they are short; per-repository keys would buy little). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: FixDeps) {}

  preview(input: { repoId?: string | undefined; from: string; commit?: string | undefined }): Promise<Result<FixPreview>> {
    return previewFix(this.deps, input);
  }

  start(input: StartFixInput): Promise<Result<StartedFix>> {
    return startFix(this.deps, input);
  }

  land(input: LandInput): Promise<Result<LandResult>> {
    return this.exclusive(() => landFix(this.deps, input));
  }

  handToAgent(input: HandToAgentInput): Promise<Result<{ sessionId: string; launched: boolean }>> {
    return handToAgent(this.deps, input);
  }

  children(input: { repoId?: string | undefined; parent: string }): Promise<Result<RestackChild[]>> {
    return listChildren(this.deps, input.repoId, input.parent);
  }

  restack(input: RestackInput): Promise<Result<ChildResult[]>> {
    return this.exclusive(() => restack(this.deps, input));
  }

  setIntegrator(input: { repoId?: string | undefined; worktree: string; integrator: boolean }): Promise<Result<null>> {
    return setIntegrator(this.deps, input);
  }

  integrate(input: IntegrateInput): Promise<Result<{ head: string; results: ChildResult[] }>> {
    return this.exclusive(() => integrate(this.deps, input));
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
