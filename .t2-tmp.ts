import headless from '@xterm/headless';
import { execFileSync } from 'node:child_process';
const t = new headless.Terminal({ cols: 120, rows: 30, scrollback: 5000, allowProposedApi: true });
const data = execFileSync('bash', ['-c', 'head -c 30000000 /dev/urandom | base64'], { maxBuffer: 1e9 });
const asCrlf = Buffer.from(data.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
const t0 = performance.now(); const cpu0 = process.cpuUsage();
const CH = 131072; let pending = 0;
for (let o = 0; o < asCrlf.length; o += CH) { pending++; t.write(asCrlf.subarray(o, o + CH), () => { if (--pending === 0) { const ms = performance.now() - t0; const cpu = process.cpuUsage(cpu0); console.log('MB/s wall', (asCrlf.length / 1e6 / (ms / 1000)).toFixed(1), 'cpu ms/MB', ((cpu.user + cpu.system) / 1000 / (asCrlf.length / 1e6)).toFixed(1)); } }); }
