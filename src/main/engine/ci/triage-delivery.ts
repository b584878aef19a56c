/**
 * Acting on a failure with auto-triage on: the policy's decision (`triage-policy.ts`) carried
 * out — a prompt typed into the worktree's agent, or the user notified instead.
 *
 * A prompt waits until the newest live agent of the worktree is idle and nobody typed into its
 * pane for a moment (TYPING_QUIET_MS): typing into a busy agent or over a person's half-written
 * line would garble both. A waiting prompt is retried on every agent status change and after the
 * typing pause.
 */
import path from 'node:path';
import { typedPromptBytes } from '../agents/index.ts';
import type { Entry } from './ci-entry.ts';
import type { CiContext } from './ci-context.ts';
import { maskSecrets } from './log-clean.ts';
import { decideTriage, recordEscalated, recordSent, type FailureKeyed } from './triage-policy.ts';

/** A pane someone typed into less than this long ago is left alone. */
export const TYPING_QUIET_MS = 8_000;

export class TriageDelivery {
  private readonly typingQuietMs: number;
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly ctx: CiContext) {
    this.typingQuietMs = ctx.options.typingQuietMs ?? TYPING_QUIET_MS;
  }

  /** A failure (CI or local) with its key: send its prompt, stay silent, or escalate. */
  async triage(entry: Entry, keyed: FailureKeyed, source: 'ci' | 'local', prompt: (attempt: number) => string): Promise<void> {
    const ctx = this.ctx;
    const record = ctx.record(entry.scan.path);
    if (!record.autoTriage || ctx.options.passive) return;
    if (entry.pending?.keyed.signature === keyed.signature) {
      this.deliver(entry);
      return;
    }
    const decision = decideTriage(record.triage, keyed, ctx.policy, ctx.now());
    switch (decision.action) {
      case 'duplicate':
      case 'silent':
        return;
      case 'escalate': {
        entry.pending = null;
        entry.waitingFor = null;
        record.triage = recordEscalated(record.triage, keyed, ctx.now());
        await ctx.save();
        const name = decision.check.slice(decision.check.indexOf(':') + 1);
        const why =
          decision.reason === 'attempts'
            ? `still failing after ${decision.attempts} attempt${decision.attempts === 1 ? '' : 's'}`
            : `still failing after ${Math.round(ctx.policy.escalateAfterMs / 60_000)} minutes`;
        ctx.options.notify({
          sessionId: ctx.agentFor(entry.scan.path)?.sessionId ?? null,
          title: `${source === 'ci' ? 'CI' : 'Local check'} needs you: ${name}`,
          body: `${entry.scan.branch ?? path.basename(entry.scan.path)}: ${why}; auto-triage stopped`,
        });
        ctx.emitIfChanged();
        return;
      }
      case 'send': {
        // Masked as a whole too: a check's name or command line may carry a secret of its own.
        const text = maskSecrets(prompt(decision.attempt), ctx.client.secretsToMask());
        record.failurePrompt = text;
        entry.pending = { keyed, source, prompt: text };
        this.deliver(entry);
        return;
      }
    }
  }

  /** Type the waiting prompt into the worktree's agent if it is idle and its pane is quiet. */
  deliver(entry: Entry): void {
    const ctx = this.ctx;
    const pending = entry.pending;
    if (!pending || ctx.disposed) return;
    const agent = ctx.agentFor(entry.scan.path);
    const before = entry.waitingFor;
    if (!agent) {
      entry.waitingFor = 'no-agent';
    } else if (agent.status !== 'idle') {
      entry.waitingFor = 'agent-busy';
    } else {
      const typedAt = ctx.options.terminals.lastUserInputAt(agent.sessionId);
      const quietFor = typedAt === null ? Infinity : ctx.now() - typedAt;
      if (quietFor < this.typingQuietMs) {
        entry.waitingFor = 'user-typing';
        this.retryLater(entry, this.typingQuietMs - quietFor + 50);
      } else {
        const sent = ctx.options.terminals.input(agent.sessionId, typedPromptBytes(pending.prompt), 'engine');
        if (sent.ok) {
          const record = ctx.record(entry.scan.path);
          record.triage = recordSent(record.triage, pending.keyed, ctx.now());
          entry.pending = null;
          entry.waitingFor = null;
          entry.lastSentAt = ctx.now();
          ctx.background(ctx.save());
        } else {
          entry.waitingFor = 'no-agent';
        }
      }
    }
    if (before !== entry.waitingFor || entry.pending === null) ctx.emitIfChanged();
  }

  /** Try every waiting prompt again (an agent's status changed). */
  deliverWaiting(): void {
    for (const entry of this.ctx.entries.values()) if (entry.pending) this.deliver(entry);
  }

  dispose(): void {
    for (const timer of this.retryTimers) clearTimeout(timer);
  }

  private retryLater(entry: Entry, ms: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.deliver(entry);
    }, ms);
    timer.unref();
    this.retryTimers.add(timer);
  }
}
