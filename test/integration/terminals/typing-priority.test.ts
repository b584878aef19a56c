import { describe, expect, it } from 'vitest';
import { bashInput, attachRecorder, createOk, scriptInput, waitFor, waitForPrompt, type RecordingConsumer } from './session-helpers.ts';
import { openService } from './service-fixture.ts';
import type { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';

const FLOOD = 'yes 0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Run `action` the moment the next chunk of `consumer`'s session is delivered: the session has
 * just printed, so it counts as streaming (STREAMING_WITHIN_MS) however loaded the machine is.
 */
function onNextChunk(consumer: RecordingConsumer, action: () => void): Promise<void> {
  return new Promise((resolve) => {
    const original = consumer.sendData.bind(consumer);
    consumer.sendData = (chunk) => {
      original(chunk);
      consumer.sendData = original;
      action();
      resolve();
    };
  });
}

async function floodAndShell(service: TerminalService, cwd: string, shellScript?: string) {
  const flood = await createOk(service, scriptInput(cwd, FLOOD));
  const floodOut = attachRecorder(service, flood.id);
  const shell = await createOk(service, shellScript ? scriptInput(cwd, shellScript) : bashInput(cwd));
  const shellOut = attachRecorder(service, shell.id);
  await waitFor(() => floodOut.received > 100_000, 'the flood');
  return { flood, floodOut, shell, shellOut };
}

describe('a keystroke before other sessions floods (typing-priority.ts)', () => {
  it('stops reading streaming sessions until the echo of a typed key, then they stream on; quiet ones are left alone', async () => {
    const { service, cwd } = await openService();
    const quiet = await createOk(service, scriptInput(cwd, 'sleep 30'));
    const { flood, floodOut, shell, shellOut } = await floodAndShell(service, cwd);
    await waitForPrompt(service, shell.id);
    let heldAtOnce: boolean | null = null;
    let quietHeld: boolean | null = null;
    await onNextChunk(floodOut, () => {
      expect(service.input(shell.id, 'x')).toEqual({ ok: true, value: null });
      heldAtOnce = service.isPaused(flood.id);
      quietHeld = service.isPaused(quiet.id);
    });
    expect(heldAtOnce).toBe(true);
    expect(quietHeld).toBe(false);
    await waitFor(() => shellOut.text().endsWith('x'), 'the echo');
    const after = floodOut.received;
    await waitFor(() => floodOut.received > after + 100_000, 'the flood streaming on after the echo');
  });

  it('lets go after TYPING_HOLD_MS when no echo comes (a password prompt)', async () => {
    const { service, cwd } = await openService();
    const { flood, floodOut, shell } = await floodAndShell(service, cwd, 'read -rs secret; sleep 30');
    let held: boolean | null = null;
    await onNextChunk(floodOut, () => {
      service.input(shell.id, 'p');
      held = service.isPaused(flood.id);
    });
    expect(held).toBe(true);
    const after = floodOut.received;
    await waitFor(() => floodOut.received > after + 100_000, 'the flood streaming on without an echo');
  });

  it('holds nothing for input the engine types (a prompt, a CI triage)', async () => {
    const { service, cwd } = await openService();
    const { flood, floodOut, shell } = await floodAndShell(service, cwd);
    let before: boolean | null = null;
    let after: boolean | null = null;
    await onNextChunk(floodOut, () => {
      before = service.isPaused(flood.id);
      service.input(shell.id, 'y', 'engine');
      after = service.isPaused(flood.id);
    });
    expect(after).toBe(before);
  });
});
