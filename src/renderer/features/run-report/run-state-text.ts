import type { MemberStatus, NonFiniteCounts, RunStatus } from '../../../shared/contract';

/** What the report says about a run's state and its data. Pure: tested in Node. */

/** Why the run has no scores yet, and what Resume would do. */
export function notEvaluatedText(status: RunStatus): string {
  switch (status.state) {
    case 'training':
      return 'Evaluated when training ends: the accuracy and calibration of each member and of the ensemble appear here.';
    case 'failed':
      return `Not evaluated: the run failed (${status.reason}). Resume continues from the last finished epochs.`;
    case 'interrupted':
      return 'Not evaluated: the training process ended without finishing (a crash, or the app was closed). Resume continues from the last finished epochs.';
    case 'cancelled':
      return 'Not evaluated: the run was cancelled. Resume continues from the last finished epochs.';
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
