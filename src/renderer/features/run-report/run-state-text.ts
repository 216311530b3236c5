import type { MemberStatus, NonFiniteCounts, RunStatus } from '../../../shared/contract';

/** What the report says about a run's state and its data. Pure: tested in Node. */

/** Why the run has no scores yet, and what Resume would do (from the last finished epochs, when there are any). */
export function notEvaluatedText(status: RunStatus): string {
  const none = status.members.every((m) => m.epochsDone === 0);
  const before = none ? ' before its first epoch finished' : '';
  const resume = none ? 'Resume starts it from the beginning.' : 'Resume continues from the last finished epochs.';
  switch (status.state) {
    case 'training':
      return 'Evaluated when training ends: the accuracy and calibration of each member and of the ensemble appear here.';
    case 'failed':
      return `Not evaluated: the run failed (${status.reason})${before}. ${resume}`;
    case 'interrupted':
      return `Not evaluated: the training process ended${before || ' without finishing'} (a crash, or the app was closed). ${resume}`;
    case 'cancelled':
      return `Not evaluated: the run was cancelled${before}. ${resume}`;
    case 'done':
      return 'Not evaluated: the evaluation could not be read.';
  }
}

/** A member that was training when its run's process died is interrupted, not training. */
export function memberStateShown(run: RunStatus['state'], member: MemberStatus['state']): MemberStatus['state'] | 'interrupted' {
  return run === 'interrupted' && member === 'training' ? 'interrupted' : member;
}

function counts(c: NonFiniteCounts | null): string | null {
  if (!c) return null;
  const parts = (['sen2', 'sen1'] as const).filter((d) => c[d] > 0).map((d) => `${c[d].toLocaleString('en-US')} in ${d}`);
  return parts.length ? parts.join(' and ') : null;
}

/** "12 in sen2 of the training file; read as the band mean", or null when the run met none. */
export function nonFiniteLine(status: Pick<RunStatus, 'nonFinite'>): string | null {
  const parts = [counts(status.nonFinite.train), counts(status.nonFinite.test)];
  const said = [parts[0] && `${parts[0]} of the training file`, parts[1] && `${parts[1]} of the test file`].filter(Boolean);
  return said.length ? `${said.join('; ')}; read as the band mean` : null;
}
