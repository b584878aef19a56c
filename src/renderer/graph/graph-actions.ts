/**
 * The actions offered on a selected commit, each shown only once the engine has its procedure.
 *
 * "Check fix presence" and "Apply to worktrees" are the git map's procedures (issue 9), "Branch a
 * fix from here" is issue 10's. They land separately; until a procedure exists in the shared
 * contract its button is not drawn at all, so the view never offers something that cannot work.
 */
import { contract } from '../../shared/protocol/index.ts';

export type CommitActionId = 'check-fix' | 'apply-fix' | 'branch-fix';

export interface CommitAction {
  readonly id: CommitActionId;
  readonly label: string;
  readonly title: string;
}

/** Where each action's procedure lives in the contract (`domain.verb`). */
export const ACTION_PROCEDURES: Readonly<Record<CommitActionId, readonly [string, string]>> = {
  'check-fix': ['gitMap', 'contains'],
  'apply-fix': ['gitMap', 'apply'],
  'branch-fix': ['fixes', 'start'],
};

const ACTIONS: readonly CommitAction[] = [
  { id: 'check-fix', label: 'Check fix presence', title: 'Which targets and worktrees contain this commit or an equivalent of it' },
  { id: 'apply-fix', label: 'Apply to worktrees…', title: 'Cherry-pick this commit (with -x) into chosen worktrees' },
  { id: 'branch-fix', label: 'Branch a fix from here', title: 'Fix a bug seen at this commit: a new fix worktree and agent, landing on the target without a hop' },
];

/** Whether the shared contract has `domain.verb`. */
export function procedureExists(domain: string, verb: string, within: object = contract): boolean {
  const procedures: unknown = Reflect.get(within, domain);
  return typeof procedures === 'object' && procedures !== null && verb in procedures;
}

/** The actions whose procedures exist. */
export function availableActions(within: object = contract): CommitAction[] {
  return ACTIONS.filter((action) => procedureExists(...ACTION_PROCEDURES[action.id], within));
}
