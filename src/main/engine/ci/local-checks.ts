/**
 * Running the repository config's `check` commands in a worktree, one after another, stopping at
 * the first failure. They are the user's shell command lines (like `setup`), run by the platform
 * shell explicitly; the output is kept as a bounded tail for the triage prompt.
 */
import { runCommand } from '../bootstrap/index.ts';

/** Output bytes kept (the end, where the failure is). */
const OUTPUT_TAIL_BYTES = 256 * 1024;
/** A check that runs longer than this is stopped and counts as failed. */
export const CHECK_TIMEOUT_MS = 20 * 60_000;

export interface LocalCheckOutcome {
  readonly ok: boolean;
  /** The command that failed. */
  readonly failed: string | null;
  readonly exitCode: number | null;
  /** Raw output of the failing command (or of all, when they passed), at most the tail. */
  readonly output: string;
}

export async function runLocalChecks(
  commands: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal; timeoutMs?: number },
): Promise<LocalCheckOutcome> {
  let output = Buffer.alloc(0);
  for (const command of commands) {
    output = Buffer.alloc(0);
    const timeout = AbortSignal.timeout(options.timeoutMs ?? CHECK_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const exit = await runCommand(
      { shell: command },
      {
        cwd: options.cwd,
        env: options.env,
        signal,
        onOutput: (chunk) => {
          output = Buffer.concat([output, chunk]);
          if (output.length > OUTPUT_TAIL_BYTES * 2) output = output.subarray(output.length - OUTPUT_TAIL_BYTES);
        },
      },
    );
    const text = output.subarray(Math.max(0, output.length - OUTPUT_TAIL_BYTES)).toString('utf8');
    if (exit.spawnError) return { ok: false, failed: command, exitCode: null, output: `${text}\n${exit.spawnError}` };
    if (exit.exitCode !== 0) {
      const note = timeout.aborted ? `\n(stopped after ${Math.round((options.timeoutMs ?? CHECK_TIMEOUT_MS) / 1000)} s)` : '';
      return { ok: false, failed: command, exitCode: exit.exitCode, output: text + note };
    }
  }
  return { ok: true, failed: null, exitCode: 0, output: output.toString('utf8') };
}
