import { Panel } from '../../ui/Panel';
import { addMember, applyTeacherPreset } from './form-actions';
import { MemberRow } from './MemberRow';
import { MAX_MEMBERS } from './train-form';
import { useTraining } from './training-store';
import './training.css';

/** The ensemble to train: members differing by architecture, inputs and seed (one member trains a single model). */
export function EnsemblePanel() {
  const members = useTraining((s) => s.members);
  const summary = members.length === 1 ? '1 model' : `${members.length} members`;
  return (
    <Panel title="Ensemble" testId="ensemble-panel" summary={summary}>
      {members.length === 0 && <p className="hint">No members: add one, or start from the teacher preset.</p>}
      <ol className="member-list" data-testid="member-list">
        {members.map((m, i) => (
          <MemberRow key={m.id} member={m} index={i} />
        ))}
      </ol>
      <div className="ensemble-actions">
        <button type="button" className="secondary-button" data-testid="member-add" disabled={members.length >= MAX_MEMBERS} onClick={addMember}>
          Add member
        </button>
        <button type="button" className="secondary-button" data-testid="teacher-preset" onClick={applyTeacherPreset}
          title="Sen2LCZ-Net on all bands, DenseNet on 3 random bands, Sen2LCZ-Net on RGB, seeds 1-3">
          3-member teacher ensemble
        </button>
      </div>
      <p className="hint">
        Members that differ by architecture, inputs and seed make a stronger ensemble: their probabilities are fused ({members.length > 1 ? 'see Fusion in the settings' : 'with two or more'}).
      </p>
    </Panel>
  );
}
