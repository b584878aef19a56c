/**
 * How full an agent's context window is (from the usage logs), as a thin bar.
 */
import type { AgentSession } from '../../shared/protocol/index.ts';
import { contextLabel } from './agent-status.ts';
import { Tip } from '../ui/Tip.tsx';

/** Past this the bar turns amber, and a fresh session with handoff is worth considering. */
const WARN_PERCENT = 70;
const FULL_PERCENT = 90;

export function ContextGauge({ agent }: { agent: AgentSession }) {
  const context = contextLabel(agent);
  if (!context) return null;
  const level = context.percent >= FULL_PERCENT ? 'full' : context.percent >= WARN_PERCENT ? 'warn' : 'ok';
  return (
    <Tip content={context.title}>
      <span className={`context-gauge context-gauge--${level}`} data-testid="context-gauge" aria-label={context.title}>
        <span className="context-gauge__fill" style={{ width: `${context.percent}%` }} />
      </span>
    </Tip>
  );
}
