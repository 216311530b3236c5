import { useId } from 'react';
import { ARCHITECTURES, type ArchId } from '../../../shared/architectures';
import { INPUT_MODES, type InputMode } from '../../../shared/contract';
import { CloseIcon } from '../../ui/icons';
import { archInfo, archOptionLabel, formatParams, INPUT_LABEL } from './ensemble-members';
import { removeMember, updateMember } from './form-actions';
import type { MemberDraft } from './train-form';

const TEACHERS = ARCHITECTURES.filter((a) => a.role === 'teacher');
const STUDENTS = ARCHITECTURES.filter((a) => a.role === 'student');

/** One member of the ensemble: architecture, what it sees, its seed and width. */
export function MemberRow({ member, index }: { member: MemberDraft; index: number }) {
  const base = useId();
  const info = archInfo(member.arch);
  return (
    <li className="member-row" data-testid="member-row" data-arch={member.arch} data-inputs={member.inputs}>
      <div className="member-header">
        <span className="member-index">Member {index + 1}</span>
        {info && <span className={`badge ${info.role === 'teacher' ? 'badge-teacher' : 'badge-student'}`}>{info.role}</span>}
        <button type="button" className="icon-button member-remove" aria-label={`Remove member ${index + 1}`} data-testid="member-remove"
          onClick={() => removeMember(member.id)}>
          <CloseIcon />
        </button>
      </div>
      <div className="member-grid">
        <label htmlFor={`${base}-arch`}>Architecture</label>
        <select id={`${base}-arch`} className="select-input" value={member.arch} data-testid="member-arch" title={info ? `${formatParams(info.typicalParams)} parameters at width 1 for 10 bands` : undefined}
          onChange={(e) => updateMember(member.id, { arch: e.target.value as ArchId })}>
          <optgroup label="Teachers (ensemble members)">
            {TEACHERS.map((a) => (
              <option key={a.id} value={a.id}>
                {archOptionLabel(a)}
              </option>
            ))}
          </optgroup>
          <optgroup label="Students (small, for edge devices)">
            {STUDENTS.map((a) => (
              <option key={a.id} value={a.id}>
                {archOptionLabel(a)}
              </option>
            ))}
          </optgroup>
        </select>
        <label htmlFor={`${base}-inputs`}>Inputs</label>
        <select id={`${base}-inputs`} className="select-input" value={member.inputs} data-testid="member-inputs"
          onChange={(e) => updateMember(member.id, { inputs: e.target.value as InputMode })}>
          {INPUT_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {INPUT_LABEL[mode]}
            </option>
          ))}
        </select>
        <label htmlFor={`${base}-seed`}>Seed</label>
        <div className="member-numbers">
          <input id={`${base}-seed`} className="text-input" inputMode="numeric" value={member.seed} data-testid="member-seed"
            onChange={(e) => updateMember(member.id, { seed: e.target.value })} />
          <label htmlFor={`${base}-width`}>Width ×</label>
          <input id={`${base}-width`} className="text-input" inputMode="decimal" value={member.width} data-testid="member-width"
            title="Width multiplier of the architecture (1 = as published)" onChange={(e) => updateMember(member.id, { width: e.target.value })} />
        </div>
      </div>
      {info && (
        <p className="member-description clamp" title={`${info.description} (${info.reference})`}>
          {info.description}
        </p>
      )}
      {member.inputs === 'sen1-sen2' && <p className="member-note">Evaluated like the others, but no mapping bundle: scenes to map carry no SAR.</p>}
    </li>
  );
}
