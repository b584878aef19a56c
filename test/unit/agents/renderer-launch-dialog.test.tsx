// @vitest-environment jsdom
/**
 * The "Start an agent" dialog: chooses among installed agents, shows install hints, launches in
 * one worktree (task optional) or fans a task out to several.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ServicesContext, type AppServices } from '../../../src/renderer/app/services.ts';
import { LaunchAgentDialog } from '../../../src/renderer/agents/LaunchAgentDialog.tsx';
import { agentOptions } from '../../../src/renderer/agents/AgentSelect.tsx';
import { fakeEngine } from '../renderer/fake-engine.ts';
import { repo, worktree } from '../renderer/samples.ts';
import { testServices } from '../renderer/test-services.ts';
import { agentSession, profile } from './agent-samples.ts';
import { reactRootPerTest } from '../renderer/react-root.ts';

const view = reactRootPerTest();

const profiles = [
  profile('codex', { version: 'codex-cli 0.171.0' }),
  profile('claude', { version: '2.1.197 (Claude Code)' }),
  profile('gemini', { installed: false, path: null, installHint: 'npm install -g @google/gemini-cli' }),
];

function setup(procedures: Record<string, (input: never) => Promise<unknown>>): { services: AppServices; onClose: ReturnType<typeof vi.fn> } {
  const services = testServices(fakeEngine({ agents: { profiles: async () => ({ ok: true, value: profiles }), ...procedures } }));
  const state = services.store.getState();
  state.applyEngineEvent({ type: 'snapshot', repos: [repo('r1')], sessions: [], layout: { panes: [], focused: null, maximized: null } });
  services.queryClient.setQueryData(services.worktreeData.key('r1'), {
    worktrees: [worktree('r1', '/work/r1', { isMain: true }), worktree('r1', '/work/r1-feat', { branch: 'feat/x' })],
    error: null,
  });
  const onClose = vi.fn();
  act(() =>
    view.root.render(
      <ServicesContext.Provider value={services}>
        <QueryClientProvider client={services.queryClient}>
          <LaunchAgentDialog repoId="r1" worktreePath="/work/r1-feat" onClose={onClose} />
        </QueryClientProvider>
      </ServicesContext.Provider>,
    ),
  );
  return { services, onClose };
}

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

function typeTask(text: string): void {
  const textarea = document.body.querySelector<HTMLTextAreaElement>('textarea[aria-label="Task"]')!;
  const setValue = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  act(() => {
    setValue.call(textarea, text);
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

function click(element: Element | null): void {
  act(() => (element as HTMLElement).click());
}

const submitButton = (): HTMLButtonElement => document.body.querySelector<HTMLButtonElement>('button[type="submit"]')!;

describe('LaunchAgentDialog', () => {
  it('offers installed agents, and says how to install a missing one', async () => {
    setup({});
    await settle();
    // The dialog is a Radix dialog (portalled to the body); the agent picker a Radix select,
    // whose trigger shows the choice and whose form-control twin carries the options.
    const trigger = document.body.querySelector<HTMLButtonElement>('button[role="combobox"][aria-label="Agent"]')!;
    expect(trigger.textContent).toContain(profiles[0]!.name);
    expect(trigger.dataset.value).toBe('codex');
    const select = document.body.querySelector<HTMLSelectElement>('form[data-testid="launch-agent-dialog"] select')!;
    expect([...select.options].filter((o) => o.value !== '').map((o) => o.value)).toEqual(['codex', 'claude', 'gemini']);
    expect(agentOptions(profiles).map((o) => [o.value, o.disabled])).toEqual([
      ['codex', false],
      ['claude', false],
      ['gemini', true],
    ]);
    act(() => {
      select.value = 'gemini';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(trigger.dataset.value).toBe('gemini');
    expect(document.body.querySelector('[data-testid="install-hint"]')?.textContent).toContain('npm install -g @google/gemini-cli');
    expect(submitButton().disabled).toBe(true);
  });

  it("shows each agent's installed version, and says plainly when one is not installed", async () => {
    setup({});
    await settle();
    expect(agentOptions(profiles).map((o) => [o.value, o.hint])).toEqual([
      ['codex', 'v0.171.0'],
      ['claude', 'v2.1.197'],
      ['gemini', 'not installed'],
    ]);
    // A custom command is never asked for its version; one that did not answer shows none.
    expect(agentOptions([profile('mine', { source: 'settings', version: null })])[0]!.hint).toBe('custom');
    // The chosen agent's version and where it runs from, under the picker.
    expect(document.body.querySelector('[data-testid="agent-version"]')?.textContent).toBe('codex-cli 0.171.0 · /usr/bin/codex');
    const select = document.body.querySelector<HTMLSelectElement>('form[data-testid="launch-agent-dialog"] select')!;
    act(() => {
      select.value = 'gemini';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(document.body.querySelector('[data-testid="agent-version"]')).toBeNull();
    expect(document.body.querySelector('[data-testid="install-hint"]')?.textContent).toBe('gemini is not installed on this machine. Install it with npm install -g @google/gemini-cli');
  });

  it('starts the agent in the clicked worktree, without a task if none is given', async () => {
    const launch = vi.fn(async () => ({ ok: true, value: agentSession('s1') }));
    const { onClose } = setup({ launch });
    await settle();
    expect(submitButton().textContent).toBe('Start');
    click(submitButton());
    await settle();
    expect(launch).toHaveBeenCalledWith({ agentId: 'codex', cwd: '/work/r1-feat', repoId: 'r1', cols: 100, rows: 30 });
    expect(onClose).toHaveBeenCalled();
  });

  it('fans the same task out to every ticked worktree and reports the ones that failed', async () => {
    const fanOut = vi.fn(async () => ({
      ok: true,
      value: [
        { cwd: '/work/r1', session: null, error: { kind: 'AGENT_NOT_INSTALLED', agentId: 'codex', command: 'codex', installHint: 'npm i -g @openai/codex' } },
        { cwd: '/work/r1-feat', session: agentSession('s2'), error: null },
      ],
    }));
    const { services, onClose } = setup({ fanOut });
    await settle();
    click(document.body.querySelector('[role="checkbox"][aria-label="r1"]'));
    // Several worktrees need a task.
    expect(submitButton().disabled).toBe(true);
    typeTask('add a login test');
    expect(submitButton().textContent).toBe('Start in 2 worktrees');
    click(submitButton());
    await settle();
    expect(fanOut).toHaveBeenCalledWith({
      agentId: 'codex',
      prompt: 'add a login test',
      targets: [
        { cwd: '/work/r1', repoId: 'r1' },
        { cwd: '/work/r1-feat', repoId: 'r1' },
      ],
      cols: 100,
      rows: 30,
    });
    expect(onClose).toHaveBeenCalled();
    expect(services.store.getState().toasts.map((t) => t.text)).toEqual(['r1: codex is not installed on this machine. Install it with: npm i -g @openai/codex']);
  });

  it('shows a refusal in the dialog and keeps it open', async () => {
    const launch = vi.fn(async () => ({ ok: false, error: { kind: 'AGENT_NOT_FOUND', agentId: 'codex' } }));
    const { onClose } = setup({ launch });
    await settle();
    click(submitButton());
    await settle();
    expect(document.body.querySelector('[role="alert"]')?.textContent).toContain('There is no agent called "codex"');
    expect(onClose).not.toHaveBeenCalled();
  });
});
