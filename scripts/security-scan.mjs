#!/usr/bin/env node
/**
 * Electron security scan: @doyensec/electronegativity over `src` (shell, preload, renderer HTML),
 * assuming the Electron version the app ships. Fails on any HIGH-severity finding; prints the
 * others for review. Runs offline: the tool's attempt to fetch Electron's release list fails
 * harmlessly (we pass the version with `-e`).
 *
 * Writes `.test-reports/security.json` ({ passed, failed, findings }) for `npm test`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const electronVersion = pkg.devDependencies.electron;

/** One CSV line of electronegativity's report into fields (quoted fields may hold commas). */
/**
 * Split electronegativity's CSV into records. Its fields are not always quoted, and a finding's
 * sample code may span lines, so a record starts only at a line that begins with a check id
 * and a severity ("CSP_GLOBAL_CHECK,LOW,…"); other lines continue the previous record.
 */
export function csvRecords(text) {
  const records = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[A-Z0-9_]+,"?(INFORMATIONAL|LOW|MEDIUM|HIGH|CRITICAL)"?,/.test(line) || records.length === 0) records.push(line);
    else records[records.length - 1] += `\n${line}`;
  }
  return records.filter((record) => record.trim() !== '');
}

export function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field.trim());
      field = '';
    } else field += char;
  }
  fields.push(field.trim());
  return fields;
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'ao-electronegativity-'));
const csv = path.join(tmp, 'report.csv');
const code = await new Promise((resolve) => {
  const child = spawn(
    path.join(root, 'node_modules', '.bin', 'electronegativity'),
    ['-i', path.join(root, 'src'), '-o', csv, '-r', '-v', 'false', '-e', electronVersion],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr.resume();
  child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  child.on('error', () => resolve(1));
});
const text = await readFile(csv, 'utf8').catch(() => null);
await rm(tmp, { recursive: true, force: true });

const reports = path.join(root, '.test-reports');
await mkdir(reports, { recursive: true });
if (text === null) {
  console.error(`electronegativity wrote no report (exit ${code})`);
  await writeFile(path.join(reports, 'security.json'), JSON.stringify({ passed: 0, failed: 1, findings: [] }));
  process.exit(1);
}
const findings = csvRecords(text)
  .slice(1)
  .map(parseCsvLine)
  .map(([issue = '', severity = 'UNKNOWN', confidence = '', file = '', location = '']) => ({ issue, severity, confidence, file, location }));
const high = findings.filter((finding) => finding.severity === 'HIGH');
for (const finding of findings) {
  console.log(`  ${finding.severity.padEnd(13)} ${finding.issue} ${finding.file}:${finding.location} (${finding.confidence})`);
}
console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${high.length} high`);
await writeFile(
  path.join(reports, 'security.json'),
  JSON.stringify({ passed: high.length === 0 ? 1 : 0, failed: high.length === 0 ? 0 : 1, findings }, null, 2),
);
process.exitCode = high.length === 0 ? 0 : 1;
