/**
 * The header's quota gauges, one per provider and account. Re-renders once a second (the
 * countdowns) from the cached quota snapshot; the snapshot itself changes only on events (and the
 * minute's poll).
 *
 * The header is one line at any width: the gauges share it with the controls, which must stay
 * visible. When the gauges do not fit, they drop their secondary parts (level 1: reset countdown,
 * pace words, staleness; level 2: the bars too; usage.css), and gauges that still do not fit wrap
 * onto a line that is clipped away. The "all quotas" button beside them counts those
 * ("+2") and opens every gauge in full (Radix Popover), so nothing is out of reach.
 *
 * Providers never used here (no window data, no request in their logs) get no gauge: a new user
 * would read "Gemini unknown" as a fault. The popover names them and says when they appear; with
 * no gauge at all the strip is one quiet "No quota data yet" button that opens the same words.
 */
import * as Popover from '@radix-ui/react-popover';
import { ChevronDown } from 'lucide-react';
import { useLayoutEffect, useRef, useState } from 'react';
import { useAppStore } from '../app/services.ts';
import { QuotaGauge } from './QuotaGauge.tsx';
import { quotaSections } from './quota-view.ts';
import { useNow } from './use-now.ts';
import { useQuota } from './use-usage.ts';
import { Tip } from '../ui/Tip.tsx';

const DEFAULT_THRESHOLDS: readonly number[] = [80, 95];

/** Compaction levels, fullest first (see usage.css). */
const LEVELS = ['0', '1', '2'] as const;

/** How many children sit below the first line (wrapped out of the one-line strip). */
function wrappedCount(strip: HTMLElement): number {
  const children = [...strip.children] as HTMLElement[];
  const top = children[0]?.offsetTop ?? 0;
  return children.filter((child) => child.offsetTop > top + 2).length;
}

export function QuotaGauges() {
  const quota = useQuota((snapshot) => snapshot);
  const thresholds = useAppStore((state) => state.settings?.usage.warnThresholds ?? DEFAULT_THRESHOLDS);
  const unusable = useAppStore((state) => state.connection.status === 'no-endpoint' || state.connection.status === 'rejected');
  const now = useNow(1000);
  const strip = useRef<HTMLSpanElement>(null);
  const [hidden, setHidden] = useState(0);
  const { gauges: views, unused } = quota ? quotaSections(quota.providers, now, thresholds) : { gauges: [], unused: [] };
  const count = views.length;

  // The fullest level at which every gauge fits (read synchronously: a few gauges, a few layouts),
  // again after each render (countdowns change widths) and when the header is resized.
  const fit = (): void => {
    const element = strip.current;
    if (!element) return;
    for (const level of LEVELS) {
      element.dataset.level = level;
      if (wrappedCount(element) === 0) break;
    }
    setHidden(wrappedCount(element));
  };
  useLayoutEffect(fit);
  useLayoutEffect(() => {
    const element = strip.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(() => fit());
    observer.observe(element);
    return () => observer.disconnect();
    // `fit` reads only the element and a state setter: one observer while the strip is shown
    // (it is not while no provider has a gauge).
  }, [quota !== null, count > 0]);

  // Without a usable token nothing will be read: say nothing rather than "reading" forever.
  if (!quota && unusable) return null;
  if (!quota) return <span className="quota-gauges quota-gauges--loading">Reading usage…</span>;
  const moreLabel = hidden > 0 ? `All quotas (${hidden} more not shown)` : 'All quotas in full';
  const notUsed = unused.length > 0 && (
    <div className="quota-unused" data-testid="quota-unused">
      <div className="quota-unused__title">{count === 0 ? 'No quota data yet' : 'Not used yet'}</div>
      <ul className="quota-unused__list">
        {unused.map((provider) => (
          <li key={provider.key} data-provider={provider.key}>
            <strong>{provider.name}</strong>: {provider.why}.
          </li>
        ))}
      </ul>
    </div>
  );
  if (count === 0) {
    const why = 'No agent has run yet: quota gauges appear once one has';
    return (
      <span className="quota-bar">
        {unused.length > 0 && (
          <Popover.Root>
            <Tip content={why}>
              <Popover.Trigger asChild>
                <button type="button" className="button button--small quota-empty" data-testid="quota-empty" aria-label={`No quota data yet. ${why}.`}>
                  No quota data yet
                </button>
              </Popover.Trigger>
            </Tip>
            <Popover.Portal>
              <Popover.Content className="popover quota-popover" data-testid="quota-popover" side="bottom" align="start" sideOffset={6} collisionPadding={8}>
                {notUsed}
              </Popover.Content>
            </Popover.Portal>
          </Popover.Root>
        )}
      </span>
    );
  }
  return (
    <span className="quota-bar">
      <span className="quota-gauges" data-testid="quota-gauges" ref={strip}>
        {views.map((view) => (
          <QuotaGauge key={view.key} view={view} />
        ))}
      </span>
      {count > 0 && (
        <Popover.Root>
          <Tip content={moreLabel}>
            <Popover.Trigger asChild>
              <button type="button" className="icon-button quota-more" aria-label={moreLabel} data-testid="quota-more">
                {hidden > 0 && <span className="quota-more__count">+{hidden}</span>}
                <ChevronDown size={14} aria-hidden="true" />
              </button>
            </Popover.Trigger>
          </Tip>
          <Popover.Portal>
            <Popover.Content className="popover quota-popover" data-testid="quota-popover" side="bottom" align="start" sideOffset={6} collisionPadding={8}>
              {views.map((view) => (
                <div key={view.key} className="quota-popover__row">
                  <QuotaGauge view={view} />
                </div>
              ))}
              {notUsed}
            </Popover.Content>
          </Popover.Portal>
        </Popover.Root>
      )}
    </span>
  );
}
