/**
 * Banner over the grid while the engine is unreachable; the panes stay as they were and are
 * refreshed from fresh snapshots once the connection is back.
 */
import './feedback.css';
import { useAppStore, useServices } from '../app/services.ts';

export function ConnectionBanner() {
  const services = useServices();
  const connection = useAppStore((state) => state.connection);
  if (connection.status !== 'reconnecting') return null;
  const text = connection.everConnected
    ? 'Lost the connection to the engine. Reconnecting…'
    : 'Cannot reach the engine. Retrying…';
  return (
    <div className="banner banner--warning" role="status" data-testid="reconnecting-banner">
      <span className="banner__spinner" aria-hidden="true" />
      <span className="banner__text">
        {text}
        {connection.attempt > 1 && <span className="banner__detail"> (attempt {connection.attempt})</span>}
      </span>
      <button type="button" className="button button--small" onClick={() => services.engine.retryNow()}>
        Retry now
      </button>
    </div>
  );
}
