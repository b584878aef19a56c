import { TerminalService } from './src/main/engine/terminals/terminal-service.ts';
import { mkdtempSync } from 'node:fs';
const home = mkdtempSync('/tmp/aoh-');
const svc = new TerminalService({ home });
await svc.load();
const n = Number(process.argv[2] ?? 1);
const bytesEach = Math.round(30e6 / n);
let total = 0; const exits: Promise<void>[] = []; const ids: string[] = [];
for (let i = 0; i < n; i++) {
  const r = await svc.create({ cwd: '/tmp', command: 'bash', args: ['--norc', '--noprofile', '-c', `read -r _; head -c ${bytesEach} /dev/urandom | base64`], cols: 120, rows: 30 });
  if (!r.ok) throw new Error('x');
  ids.push(r.value.id);
  let att: any;
  exits.push(new Promise((resolve) => {
    const a = svc.attach(r.value.id, { sendSnapshot() {}, sendData(c) { total += c.length; att?.ack(c.length); }, sendExit() { resolve(); } });
    if (a.ok) att = a.value;
  }));
}
await new Promise((r) => setTimeout(r, 300));
total = 0;
const t0 = performance.now(); (globalThis as any).__pauses = 0; (globalThis as any).__pausedMs = 0;
for (const id of ids) svc.write(id, '\r');
await Promise.all(exits);
const s = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ n, MBps: +(total / 1e6 / s).toFixed(2), s: +s.toFixed(2), pauses: (globalThis as any).__pauses, pausedMs: Math.round((globalThis as any).__pausedMs) }));
await svc.dispose();
