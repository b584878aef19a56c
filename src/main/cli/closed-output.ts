/**
 * Keep the CLI alive when whoever reads its output goes away.
 *
 * `agent-orchestrator worktree create x | head` closes the pipe after a few lines; the next write
 * fails with EPIPE, and an 'error' event nobody handles ends the process — and with it a setup
 * running in the in-process engine, half done. A command's work must not depend on its reader:
 * once a stream has failed, further output to it is dropped and the command finishes what it
 * started (its exit code still says how that went).
 */
const guarded = new WeakSet<NodeJS.WritableStream>();

/** Handle write errors on `stream` (once per stream; calling again is a no-op). */
export function surviveClosedOutput(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  // EPIPE (reader gone), EBADF, ENOSPC…: the reader cannot be helped by a crash; nothing more is
  // written there (Node destroys the stream, later writes are dropped with their callback error).
  stream.on('error', () => undefined);
}
