/**
 * The mirror thread's side: every session's {@link HeadlessMirror}, fed through one port.
 *
 * Runs in a worker thread (mirror-worker.ts), so xterm's parsing, the serializer and their
 * garbage never block the engine's event loop; or in-thread on a MessageChannel when no worker
 * can be started (same code, same messages).
 *
 * Output comes through a ring in shared memory (byte-ring.ts), copied out as soon as its message
 * arrives so the engine can reuse the space; the mirror's backlog keeps the copy. What was parsed
 * or dropped is reported back (flow control) once per turn, never from inside an xterm write
 * callback.
 */
import { HeadlessMirror, type ScreenText } from '../headless-mirror.ts';
import { ByteRing } from './byte-ring.ts';
import type { FromMirror, ToMirror } from './mirror-messages.ts';

/** The part of MessagePort / parentPort the host uses. */
export interface HostPort {
  on(event: 'message', listener: (message: ToMirror) => void): unknown;
  postMessage(message: FromMirror): void;
}

/** How often, at most, a session's changed screen is sent to the engine while output flows. */
export const SCREEN_PUSH_MS = 25;

interface Hosted {
  mirror: HeadlessMirror;
  consumedBytes: number;
  screenTimer: NodeJS.Timeout | null;
  lastScreen: string;
}

/** A burst of captures is followed by one full collection this long after its last capture. */
export const COLLECT_AFTER_CAPTURES_MS = 2_000;

export interface HostOptions {
  /**
   * A full garbage collection of this thread (the worker passes V8's; none in-thread). Run once
   * after a burst of captures: each serializes up to the whole scrollback, and what a small young
   * generation promotes of that would otherwise stay in the old generation until V8's next full
   * collection, minutes later with steady output (bench/footprint, engine-only mode).
   */
  collect?: () => void;
  /** Delay after the last capture of a burst (default {@link COLLECT_AFTER_CAPTURES_MS}). */
  collectAfterMs?: number;
}

export function hostMirrors(port: HostPort, options: HostOptions = {}): void {
  const hosted = new Map<number, Hosted>();
  let collectTimer: NodeJS.Timeout | null = null;
  const collectLater = (): void => {
    const collect = options.collect;
    if (!collect) return;
    if (collectTimer) clearTimeout(collectTimer);
    collectTimer = setTimeout(() => {
      collectTimer = null;
      collect();
    }, options.collectAfterMs ?? COLLECT_AFTER_CAPTURES_MS);
    collectTimer.unref();
  };
  const dirty = new Set<number>();
  let flushScheduled = false;
  let ring: ByteRing | null = null;

  /** Report consumed bytes once per turn, outside xterm's callbacks. */
  const scheduleFlush = (): void => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      for (const id of dirty) {
        const entry = hosted.get(id);
        if (!entry) continue;
        port.postMessage({ t: 'consumed', id, bytes: entry.consumedBytes });
        entry.consumedBytes = 0;
        scheduleScreen(id, entry);
      }
      dirty.clear();
    });
  };

  const screenOf = (entry: Hosted): ScreenText => entry.mirror.parsedScreen();

  const pushScreen = (id: number, entry: Hosted): void => {
    const screen = screenOf(entry);
    const key = screen.cursorY + '\n' + screen.lines.join('\n');
    if (key === entry.lastScreen) return;
    entry.lastScreen = key;
    port.postMessage({ t: 'screen', id, screen });
  };

  const scheduleScreen = (id: number, entry: Hosted): void => {
    if (entry.screenTimer) return;
    entry.screenTimer = setTimeout(() => {
      entry.screenTimer = null;
      if (hosted.get(id) === entry) pushScreen(id, entry);
    }, SCREEN_PUSH_MS);
  };

  port.on('message', (message) => {
    switch (message.t) {
      case 'open': {
        const mirror = new HeadlessMirror({
          cols: message.cols,
          rows: message.rows,
          ...(message.scrollback !== undefined ? { scrollback: message.scrollback } : {}),
          ...(message.deferMs !== undefined ? { deferMs: message.deferMs } : {}),
          ...(message.deferMaxBytes !== undefined ? { deferMaxBytes: message.deferMaxBytes } : {}),
        });
        hosted.set(message.id, { mirror, consumedBytes: 0, screenTimer: null, lastScreen: '' });
        return;
      }
      case 'ring':
        ring = new ByteRing(message.shared);
        return;
      case 'write': {
        for (const { id, length, bytes } of message.writes) {
          const entry = hosted.get(id);
          // A closed session's bytes still leave the ring.
          if (!entry) {
            if (!bytes) ring?.skip(length);
            continue;
          }
          const consumed = (): void => {
            entry.consumedBytes += length;
            dirty.add(id);
            scheduleFlush();
          };
          if (bytes) {
            entry.mirror.write(bytes, consumed);
            continue;
          }
          // Straight from shared memory into the mirror's backlog, which copies what it keeps.
          const parts = ring!.peek(length);
          if (parts.length === 2) entry.mirror.write(parts[0]);
          entry.mirror.write(parts[parts.length - 1]!, consumed);
          ring!.skip(length);
        }
        return;
      }
      case 'resize':
        hosted.get(message.id)?.mirror.resize(message.cols, message.rows);
        return;
      case 'flush':
        hosted.get(message.id)?.mirror.flush();
        return;
      case 'capture': {
        const entry = hosted.get(message.id);
        if (!entry) {
          port.postMessage({ t: 'captured', id: message.id, request: message.request, snapshot: '', screen: { lines: [], cursorY: 0 } });
          return;
        }
        const { id, request, serialize } = message;
        entry.mirror.afterPending(() => {
          const screen = screenOf(entry);
          port.postMessage({ t: 'captured', id, request, snapshot: serialize ? entry.mirror.serialize() : '', screen });
          if (serialize) collectLater();
        });
        return;
      }
      case 'close': {
        const entry = hosted.get(message.id);
        if (!entry) return;
        hosted.delete(message.id);
        dirty.delete(message.id);
        if (entry.screenTimer) clearTimeout(entry.screenTimer);
        entry.mirror.dispose();
        return;
      }
    }
  });
}
