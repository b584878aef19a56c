/**
 * Usage for components, read through the query cache (`data/usage-data.ts`): one read however
 * many panes show it, kept current by `usage.changed`. Each hook takes a selector and re-renders
 * only when what it selects changes, like the store's selectors.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { QuotaSnapshot, UsageSummary, UsageTimeline, UsageTimelineQuery } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { paneUsageOf, readError, type PaneUsage } from '../data/usage-data.ts';
import type { UiError } from '../errors/ui-error.ts';

function useConnected(): boolean {
  return useAppStore((state) => state.connection.status === 'connected');
}

/** Something of the quota snapshot (`quota` is null until the first answer). */
export function useQuota<T>(select: (quota: QuotaSnapshot | null) => T): T {
  const { usageData } = useServices();
  const query = useQuery({ ...usageData.quotaOptions(), enabled: useConnected(), select });
  // Before the first answer (or without one) the selector sees null.
  return query.dataUpdatedAt > 0 ? (query.data as T) : select(null);
}

/** Tokens and cost of the agent session in a pane (undefined until it has any). */
export function usePaneUsage(sessionId: string): PaneUsage | undefined {
  const { usageData } = useServices();
  const query = useQuery({
    ...usageData.paneSummaryOptions(),
    enabled: useConnected(),
    select: (summary: UsageSummary) => paneUsageOf(summary).get(sessionId),
  });
  return query.data;
}

/** The usage page's data for a range and grouping; the previous answer stays while the next loads. */
export function useUsagePage(
  since: string,
  groupBy: UsageTimelineQuery['groupBy'],
): { data: { summary: UsageSummary; timeline: UsageTimeline } | null; error: UiError | null } {
  const { usageData } = useServices();
  const enabled = useConnected();
  const summary = useQuery({ ...usageData.summaryOptions({ since }), enabled, placeholderData: keepPreviousData });
  const timeline = useQuery({ ...usageData.timelineOptions({ since, groupBy }), enabled, placeholderData: keepPreviousData });
  const failed = summary.error ?? timeline.error;
  return {
    data: summary.data && timeline.data ? { summary: summary.data, timeline: timeline.data } : null,
    error: failed ? readError(failed) : null,
  };
}
