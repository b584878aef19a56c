/**
 * Usage on an agent pane's title bar: tokens and API-equivalent cost of the session, and when it
 * is stalled on a limit, "stalled until <reset>" with the action to restart the task with another
 * agent (a handoff with an agent choice).
 */
import type { AgentSession } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { formatCost, formatTokens, stallLabel } from './quota-view.ts';
import { useNow } from './use-now.ts';
import { usePaneUsage, useQuota } from './use-usage.ts';
import { plural } from '../../shared/plural.ts';
import { Tip } from '../ui/Tip.tsx';

export function PaneUsage({ agent }: { agent: AgentSession }) {
  const usage = usePaneUsage(agent.sessionId);
  const stall = useQuota((quota) => quota?.stalls.find((s) => s.terminalSessionId === agent.sessionId) ?? null);
  return (
    <>
      {stall && <PaneStall sessionId={agent.sessionId} resetsAt={stall.resetsAt} text={stall.text} />}
      {usage && (
        <Tip content={`${usage.tokens.toLocaleString()} tokens in ${plural(usage.requests, 'request')}; ${formatCost(usage.costUsd)} at API prices (API-equivalent, not what a subscription charges)`}>
          <span
            className="pane-usage"
            data-testid="pane-usage"
          >
            {formatTokens(usage.tokens)} tok · {formatCost(usage.costUsd)}
          </span>
        </Tip>
      )}
    </>
  );
}

/** Its own component: only it re-renders every second for the countdown. */
function PaneStall({ sessionId, resetsAt, text }: { sessionId: string; resetsAt: string | null; text: string }) {
  const services = useServices();
  const now = useNow(1000);
  return (
    <>
      <Tip content={text}>
        <span className="pane-stall" data-testid="pane-stall">
          {stallLabel({ resetsAt }, now)}
        </span>
      </Tip>
      <button
        type="button"
        className="icon-button pane__restart"
        aria-label="Restart the task with another agent"
        title="Restart the task with another agent (a fresh session with a handoff prompt)"
        onClick={() => services.store.getState().openAgentDialog({ kind: 'handoff', sessionId, otherAgent: true })}
      >
        ⇄
      </button>
    </>
  );
}
