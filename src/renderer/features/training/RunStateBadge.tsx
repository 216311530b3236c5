import type { MemberStatus, RunStatus } from '../../../shared/contract';
import './training.css';

type State = RunStatus['state'] | MemberStatus['state'];

const LABEL: Record<State, string> = { pending: 'Waiting', training: 'Training', done: 'Done', failed: 'Failed', cancelled: 'Cancelled', interrupted: 'Interrupted' };

/** A run's (or a member's) state as a small coloured label, like the job list's. */
export function RunStateBadge({ state, testId }: { state: State; testId?: string }) {
  return (
    <span className={`run-state run-state-${state}`} data-testid={testId} data-state={state}>
      {LABEL[state]}
    </span>
  );
}
