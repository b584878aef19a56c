/**
 * vitest global setup: gives the suites a file to record their summary rows in, and prints the
 * table at the end of the run (only when a reliability or security suite ran).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SummaryRow } from './suite.ts';

export default function setup(): () => void {
  const file = path.join(os.tmpdir(), `ao-reliability-summary-${process.pid}-${Date.now()}.jsonl`);
  process.env.AGENT_ORCHESTRATOR_SUMMARY_FILE = file;
  return () => {
    if (!existsSync(file)) return;
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SummaryRow);
    rmSync(file, { force: true });
    if (rows.length === 0) return;
    process.stdout.write(`\n${renderSummary(rows)}\n`);
  };
}

/** The table as Markdown (the README quotes it as printed). */
export function renderSummary(rows: readonly SummaryRow[]): string {
  const total: SummaryRow = rows.reduce(
    (sum, row) => ({
      suite: 'total',
      faults: sum.faults + row.faults,
      operations: sum.operations + row.operations,
      inputs: sum.inputs + row.inputs,
      dataLost: sum.dataLost + row.dataLost,
      ms: sum.ms + row.ms,
    }),
    { suite: 'total', faults: 0, operations: 0, inputs: 0, dataLost: 0, ms: 0 },
  );
  const lines = [...rows].sort((a, b) => a.suite.localeCompare(b.suite)).concat(total);
  const header = `Reliability and security summary (${new Date().toISOString().slice(0, 10)}, ${process.env.AGENT_ORCHESTRATOR_LONG_TESTS === '1' ? 'long' : 'default'} variant)`;
  return [
    header,
    '',
    '| suite | faults injected | operations | inputs tried | data lost | seconds |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...lines.map((row) => `| ${row.suite} | ${row.faults} | ${row.operations} | ${row.inputs} | ${row.dataLost} | ${(row.ms / 1000).toFixed(1)} |`),
  ].join('\n');
}
