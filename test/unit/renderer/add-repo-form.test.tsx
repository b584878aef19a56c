// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Repo } from '../../../src/shared/protocol/index.ts';
import type { Result } from '../../../src/shared/result.ts';
import { ServicesContext, type AppServices } from '../../../src/renderer/app/services.ts';
import { AddRepoForm } from '../../../src/renderer/repos/AddRepoForm.tsx';
import { fakeEngine } from './fake-engine.ts';
import { repo } from './samples.ts';
import { testServices } from './test-services.ts';
import { reactRootPerTest } from './react-root.ts';

const view = reactRootPerTest();

function render(services: AppServices): void {
  act(() =>
    view.root.render(
      <ServicesContext.Provider value={services}>
        <AddRepoForm />
      </ServicesContext.Provider>,
    ),
  );
}

/** Type like a user: React listens to the native input event, not to value assignment. */
function typeInto(input: HTMLInputElement, value: string): void {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setValue.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function submit(): Promise<void> {
  await act(async () => {
    view.container.querySelector('form')!.requestSubmit();
  });
}

const input = (): HTMLInputElement => view.container.querySelector('input')!;
const button = (): HTMLButtonElement => view.container.querySelector('button[type="submit"]')!;

describe('AddRepoForm', () => {
  it('shows the typed error under the input, keeps the path, and changes nothing else', async () => {
    const add = vi.fn(async (): Promise<Result<Repo>> => ({ ok: false, error: { kind: 'NOT_A_GIT_REPO', path: '/tmp/plain' } }));
    const services = testServices(fakeEngine({ repos: { add } }));
    render(services);

    typeInto(input(), '  /tmp/plain ');
    await submit();

    expect(add).toHaveBeenCalledWith({ path: '/tmp/plain' });
    const error = view.container.querySelector('[role="alert"]');
    expect(error?.textContent).toBe('/tmp/plain is not inside a git repository. Give the folder of a git repository (or run `git init` there and make a first commit).');
    expect(input().value).toBe('  /tmp/plain ');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(services.store.getState().selectedRepoId).toBeNull();

    typeInto(input(), '/tmp/other');
    expect(view.container.querySelector('[role="alert"]')).toBeNull();
  });

  it('clears the input and selects the new repository on success', async () => {
    const services = testServices(
      fakeEngine({
        repos: { add: async () => ({ ok: true, value: repo('r1') }) },
        worktrees: { list: async () => ({ ok: true, value: [] }) },
      }),
    );
    render(services);
    typeInto(input(), '/work/r1');
    await submit();
    expect(input().value).toBe('');
    expect(services.store.getState().selectedRepoId).toBe('r1');
  });

  it('selects the existing entry when the repository was already added', async () => {
    const services = testServices(
      fakeEngine({ repos: { add: async () => ({ ok: false, error: { kind: 'REPO_ALREADY_ADDED', path: '/work/r1', repoId: 'r1' } }) } }),
    );
    render(services);
    typeInto(input(), '/work/r1/src');
    await submit();
    expect(view.container.querySelector('[role="alert"]')?.textContent).toBe('/work/r1 is already in the list.');
    expect(services.store.getState().selectedRepoId).toBe('r1');
  });

  it('cannot submit an empty path', () => {
    render(testServices(fakeEngine({})));
    expect(button().disabled).toBe(true);
    typeInto(input(), '   ');
    expect(button().disabled).toBe(true);
  });
});
