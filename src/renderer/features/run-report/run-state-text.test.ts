import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../shared/contract';
import { memberStateShown, nonFiniteLine, notEvaluatedText } from './run-state-text';

describe('run state texts', () => {
  it('say why a run has no scores, and that an interrupted run resumes', () => {
    const of = (s: Pick<RunStatus, 'state' | 'reason'>) => notEvaluatedText({ ...s, members: [{ epochsDone: 1 }] } as RunStatus);
    expect(of({ state: 'interrupted', reason: 'interrupted: …' })).toMatch(/ended without finishing.*Resume continues/);
    expect(of({ state: 'failed', reason: 'disk full' })).toBe('Not evaluated: the run failed (disk full). Resume continues from the last finished epochs.');
    expect(of({ state: 'training', reason: null })).toMatch(/^Evaluated when training ends/);
  });

  it('do not promise finished epochs to a run stopped before its first epoch finished', () => {
    const members = (...epochsDone: number[]) => epochsDone.map((n) => ({ epochsDone: n }));
    const of = (s: Pick<RunStatus, 'state' | 'reason'>, ...epochsDone: number[]) => notEvaluatedText({ ...s, members: members(...epochsDone) } as RunStatus);
    expect(of({ state: 'cancelled', reason: null }, 0, 0)).toBe('Not evaluated: the run was cancelled before its first epoch finished. Resume starts it from the beginning.');
    expect(of({ state: 'cancelled', reason: null }, 0, 0)).not.toMatch(/finished epochs/);
    expect(of({ state: 'failed', reason: 'disk full' }, 0)).toBe('Not evaluated: the run failed (disk full) before its first epoch finished. Resume starts it from the beginning.');
    expect(of({ state: 'cancelled', reason: null }, 2, 0)).toBe('Not evaluated: the run was cancelled. Resume continues from the last finished epochs.');
  });

  it('show the member that was training when its process died as interrupted', () => {
    expect(memberStateShown('interrupted', 'training')).toBe('interrupted');
    expect(memberStateShown('interrupted', 'done')).toBe('done');
    expect(memberStateShown('training', 'training')).toBe('training');
  });

  it('give the non-finite values met as a short line, or nothing', () => {
    expect(nonFiniteLine({ nonFinite: { train: { sen2: 0, sen1: 0 }, test: null } })).toBeNull();
    expect(nonFiniteLine({ nonFinite: { train: { sen2: 1204, sen1: 3 }, test: { sen2: 0, sen1: 0 } } })).toBe('1,204 in sen2 and 3 in sen1 of the training file; read as the band mean');
    expect(nonFiniteLine({ nonFinite: { train: { sen2: 0, sen1: 0 }, test: { sen2: 7, sen1: 0 } } })).toBe('7 in sen2 of the test file; read as the band mean');
  });
});
