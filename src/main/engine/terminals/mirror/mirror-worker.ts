/**
 * The mirror thread's entry (a worker thread; bundled as dist/cli/mirror-worker.mjs).
 */
import { parentPort } from 'node:worker_threads';
import { hostMirrors, type HostPort } from './mirror-host.ts';

if (parentPort) hostMirrors(parentPort as unknown as HostPort);
