/**
 * The usage table under the chart: tokens by kind, requests and API-equivalent cost per row.
 */
import type { TableRow } from './chart-data.ts';
import { formatCost, formatTokens, totalTokens } from './quota-view.ts';
import { plural } from '../../shared/plural.ts';

export function UsageTable({ rows, groupLabel }: { rows: readonly TableRow[]; groupLabel: string }) {
  return (
    <table className="usage-table" data-testid="usage-table">
      <thead>
        <tr>
          <th scope="col">{groupLabel}</th>
          <th scope="col">Input</th>
          <th scope="col">Cached</th>
          <th scope="col">Output</th>
          <th scope="col">Total</th>
          <th scope="col">Requests</th>
          <th scope="col" title="What the same tokens cost at public API prices">
            Cost (API-eq.)
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={7} className="usage-table__empty">
              No usage recorded in this range.
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.key} data-testid="usage-row">
            <th scope="row" title={row.key}>
              {row.label}
            </th>
            <td>{formatTokens(row.totals.inputTokens)}</td>
            <td>{formatTokens(row.totals.cachedInputTokens)}</td>
            <td>{formatTokens(row.totals.outputTokens)}</td>
            <td>{formatTokens(totalTokens(row.totals))}</td>
            <td>{row.totals.requests.toLocaleString()}</td>
            <td title={row.totals.unpricedRequests > 0 ? `${plural(row.totals.unpricedRequests, 'request')} of unpriced models: ${row.totals.unpricedModels.join(', ')}` : undefined}>
              {formatCost(row.totals.costUsd)}
              {row.totals.unpricedRequests > 0 ? ' *' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
