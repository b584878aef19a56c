/**
 * Banner over the grid while the engine is unreachable; the panes stay as they were and are
 * refreshed from fresh snapshots once the connection is back.
 *
 * An engine restart keeps its port and token, so a tab normally just reconnects. After a few
 * failed attempts the banner also says what to do when the address did change (the port was
 * taken at restart, or the token was rotated): this tab's URL cannot follow by itself.
 */
import './feedback.css';
import { useAppStore, useServices } from '../app/services.ts';

/** Failed reconnects before the banner explains a changed address (about 10 s of backoff). */
const ADDRESS_HINT_AFTER_ATTEMPTS = 4;

export function ConnectionBanner() {
  const services = useServices();
  const connection = useAppStore((state) => state.connection);
  if (connection.status !== 'reconnecting') return null;
  const lost = connection.attempt >= ADDRESS_HINT_AFTER_ATTEMPTS;
  const text = connection.everConnected
    ? 'Lost the connection to the engine. Reconnecting…'
    : 'Cannot reach the engine. Retrying…';
  return (
    <div className="banner banner--warning" role="status" data-testid="reconnecting-banner">
      <span className="banner__spinner" aria-hidden="true" />
      <span className="banner__text">
        {text}
        {connection.attempt > 1 && <span className="banner__detail"> (attempt {connection.attempt})</span>}
        {lost && (
          <span className="banner__detail" data-testid="address-hint">
            {' '}
            If the engine was restarted on another address, open the URL it printed at start
            (<code>agent-orchestrator serve --open</code> opens it).
          </span>
        )}
      </span>
      <button type="button" className="button button--small" onClick={() => services.engine.retryNow()}>
        Retry now
      </button>
    </div>
  );
}
