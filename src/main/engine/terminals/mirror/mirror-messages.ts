/**
 * Messages between the engine's thread and the mirror thread (mirror-thread.ts ↔ mirror-host.ts).
 *
 * One port carries every session's mirror, so messages of one session keep their order: a
 * barrier answers after exactly the bytes written before it.
 */
import type { ScreenText } from '../headless-mirror.ts';

/**
 * `length` bytes of one session's output: the next ones in the shared ring (byte-ring.ts), or
 * `bytes` when the ring was full.
 */
export interface MirrorWrite {
  id: number;
  length: number;
  bytes?: Uint8Array;
}

/** Engine → mirror thread. */
export type ToMirror =
  | { t: 'open'; id: number; cols: number; rows: number; scrollback?: number; deferMs?: number; deferMaxBytes?: number }
  /** The shared ring output comes through; the first message. */
  | { t: 'ring'; shared: SharedArrayBuffer }
  /** Output of one or more sessions, in order: one message per turn of the engine's event loop. */
  | { t: 'write'; writes: MirrorWrite[] }
  | { t: 'resize'; id: number; cols: number; rows: number }
  /** Answer with the screen (and, if `serialize`, the snapshot) once everything written before is parsed. */
  | { t: 'capture'; id: number; request: number; serialize: boolean }
  /** Someone reads the screen: parse the backlog now instead of waiting for quiet. */
  | { t: 'flush'; id: number }
  | { t: 'close'; id: number };

/** Mirror thread → engine. */
export type FromMirror =
  /** Bytes of one session parsed or dropped (flow control). */
  | { t: 'consumed'; id: number; bytes: number }
  /** The visible screen changed (throttled): what `screen()` answers without a round trip. */
  | { t: 'screen'; id: number; screen: ScreenText }
  | { t: 'captured'; id: number; request: number; snapshot: string; screen: ScreenText };
