/**
 * Helpers for terminal tests: real bash sessions, a recording consumer, polling waits.
 */
import headless from '@xterm/headless';
import { expect } from 'vitest';
import type { TerminalAttachment, TerminalConsumer } from '../../../src/main/engine/terminals/terminal-hub.ts';
import type { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';
import type { CreateSessionInput, SessionInfo } from '../../../src/shared/protocol/terminals.ts';

/** The prompt of test shells: easy to find on the screen, impossible to confuse with output. */
export const PROMPT = 'READY$ ';

/**
 * An interactive bash without rc files (the developer's ~/.bashrc would change the prompt and
 * timing) and without history (nothing written to the developer's ~/.bash_history).
 */
export function bashInput(cwd: string, extra: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    cwd,
    command: 'bash',
    args: ['--norc', '--noprofile'],
    env: { PS1: PROMPT, HISTFILE: '/dev/null' },
    cols: 80,
    rows: 24,
    ...extra,
  };
}

/** A non-interactive `bash -c script`. */
export function scriptInput(cwd: string, script: string, extra: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return { cwd, command: 'bash', args: ['--norc', '--noprofile', '-c', script], cols: 80, rows: 24, ...extra };
}

/** Create a session or fail the test with the error. */
export async function createOk(service: TerminalService, input: CreateSessionInput): Promise<SessionInfo> {
  const created = await service.create(input);
  if (!created.ok) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
  return created.value;
}

/** Poll `check` until it returns a truthy value (returned), or fail after `timeoutMs`. */
export async function waitFor<T>(check: () => T | null | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Wait `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The session's screen lines (fails the test on an error result). */
export function screenLines(service: TerminalService, sessionId: string): string[] {
  const screen = service.screen(sessionId);
  if (!screen.ok) throw new Error(`screen failed: ${JSON.stringify(screen.error)}`);
  return screen.value.lines;
}

/** Wait until a screen line satisfies `match`. */
export function waitForLine(
  service: TerminalService,
  sessionId: string,
  match: (line: string) => boolean,
  what: string,
  timeoutMs?: number,
): Promise<string[]> {
  return waitFor(() => {
    const lines = screenLines(service, sessionId);
    return lines.some(match) ? lines : null;
  }, what, timeoutMs);
}

/** Wait until the test prompt is on the screen (bash is ready for input). */
export function waitForPrompt(service: TerminalService, sessionId: string): Promise<string[]> {
  return waitForLine(service, sessionId, (line) => line.startsWith(PROMPT.trimEnd()), 'the prompt');
}

type ConsumerEvent = { type: 'snapshot'; data: string } | { type: 'data'; bytes: number } | { type: 'exit'; code: number };

/** A consumer that records everything it is sent, in order. */
export class RecordingConsumer implements TerminalConsumer {
  readonly events: ConsumerEvent[] = [];
  snapshot: string | null = null;
  private readonly chunks: Uint8Array[] = [];
  received = 0;
  exitCode: number | null = null;
  attachment: TerminalAttachment | null = null;

  /** Acknowledge every chunk as soon as it arrives (a fast client). */
  constructor(private readonly autoAck = true) {}

  sendSnapshot(data: string): void {
    this.snapshot = data;
    this.events.push({ type: 'snapshot', data });
  }

  sendData(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.received += chunk.length;
    this.events.push({ type: 'data', bytes: chunk.length });
    if (this.autoAck) this.attachment?.ack(chunk.length);
  }

  sendExit(exitCode: number): void {
    this.exitCode = exitCode;
    this.events.push({ type: 'exit', code: exitCode });
  }

  /**
   * Every data byte, decoded (frames are UTF-8 safe, so decoding them separately is exact).
   * Decoded once per chunk: tests poll this every few ms while thousands of chunks arrive.
   */
  text(): string {
    for (; this.decodedChunks < this.chunks.length; this.decodedChunks++) {
      this.decoded += new TextDecoder('utf-8', { fatal: true }).decode(this.chunks[this.decodedChunks]);
    }
    return this.decoded;
  }
  private decoded = '';
  private decodedChunks = 0;

  waitForExit(timeoutMs?: number): Promise<number> {
    return waitFor(() => (this.exitCode === null ? null : { code: this.exitCode }), 'the exit', timeoutMs).then((v) => v.code);
  }
}

/** Attach a recording consumer (fails the test on an error result). */
export function attachRecorder(service: TerminalService, sessionId: string, autoAck = true): RecordingConsumer {
  const consumer = new RecordingConsumer(autoAck);
  const attached = service.attach(sessionId, consumer);
  expect(attached.ok).toBe(true);
  if (attached.ok) consumer.attachment = attached.value;
  return consumer;
}

/**
 * Replay what a client received (snapshot, then data) into a fresh terminal and return every
 * line of its buffer: exactly what a user would see scrolling back.
 */
export async function replay(snapshot: string, data: string, cols = 80, rows = 24, scrollback = 100_000): Promise<string[]> {
  const terminal = new headless.Terminal({ cols, rows, scrollback, allowProposedApi: true });
  try {
    await new Promise<void>((resolve) => terminal.write(snapshot + data, resolve));
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < buffer.length; row++) lines.push(buffer.getLine(row)?.translateToString(true) ?? '');
    return lines;
  } finally {
    terminal.dispose();
  }
}
