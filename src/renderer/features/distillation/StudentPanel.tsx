import { useId } from 'react';
import { ARCHITECTURES, type ArchId } from '../../../shared/architectures';
import { STUDENT_PRESETS, type StudentPresetId } from '../../../shared/contract/distill';
import type { InputMode } from '../../../shared/contract/training';
import { Panel } from '../../ui/Panel';
import { archOptionLabel, formatParams, INPUT_LABEL } from '../training/ensemble-members';
import { studentLabel, type StudentChoice } from './distill-form';
import { distillStore, useDistill } from './distill-store';
import './distillation.css';

const INPUTS: InputMode[] = ['all', 'rgb', 'rand3'];

function setStudent(patch: Partial<StudentChoice>): void {
  distillStore.set((s) => ({ student: { ...s.student, ...patch } as StudentChoice }));
}

/** A preset of the core, or any architecture of the zoo; the seed either way. */
function choose(value: string): void {
  const { student } = distillStore.get();
  if (value === 'custom') distillStore.set({ student: { kind: 'custom', arch: 'tiny-cnn', inputs: 'all', width: '1', seed: student.seed } });
  else distillStore.set({ student: { kind: 'preset', preset: value as StudentPresetId, seed: student.seed } });
}

function CustomStudent({ student }: { student: Extract<StudentChoice, { kind: 'custom' }> }) {
  const archId = useId();
  const inputsId = useId();
  const widthId = useId();
  return (
    <fieldset className="settings-group">
      <div className="setting is-wide">
        <label htmlFor={archId}>Architecture</label>
        <select id={archId} className="select-input" value={student.arch} data-testid="student-arch" onChange={(e) => setStudent({ arch: e.target.value as ArchId })}>
          {ARCHITECTURES.map((a) => (
            <option key={a.id} value={a.id}>
              {archOptionLabel(a)}
            </option>
          ))}
        </select>
      </div>
      <div className="setting">
        <label htmlFor={inputsId}>Input</label>
        <select id={inputsId} className="select-input" value={student.inputs} data-testid="student-inputs" onChange={(e) => setStudent({ inputs: e.target.value as InputMode })}>
          {INPUTS.map((i) => (
            <option key={i} value={i}>
              {INPUT_LABEL[i]}
            </option>
          ))}
        </select>
      </div>
      <div className="setting" title="Width multiplier of the filters: 0.5 halves every layer">
        <label htmlFor={widthId}>Width</label>
        <input id={widthId} className="text-input" inputMode="decimal" value={student.width} data-testid="student-width" onChange={(e) => setStudent({ width: e.target.value })} />
      </div>
    </fieldset>
  );
}

/** The student: a named preset (architecture and training settings as the core defines them) or any zoo architecture. */
export function StudentPanel() {
  const student = useDistill((s) => s.student);
  const seedId = useId();
  const preset = student.kind === 'preset' ? STUDENT_PRESETS.find((p) => p.id === student.preset)! : null;
  return (
    <Panel title="Student" testId="distill-student" summary={studentLabel(student)}>
      <div className="settings-form">
        <div className="setting is-wide">
          <select className="select-input" aria-label="Student" value={student.kind === 'preset' ? student.preset : 'custom'} data-testid="student-choice" onChange={(e) => choose(e.target.value)}>
            {STUDENT_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {formatParams(p.parameters)}
              </option>
            ))}
            <option value="custom">Any architecture of the zoo…</option>
          </select>
        </div>
        {preset && (
          <p className="hint" data-testid="student-description">
            {preset.description}
          </p>
        )}
        {student.kind === 'custom' && <CustomStudent student={student} />}
        <div className="setting" title="Seeds the student's initial weights">
          <label htmlFor={seedId}>Seed</label>
          <input id={seedId} className="text-input" inputMode="numeric" value={student.seed} data-testid="student-seed" onChange={(e) => setStudent({ seed: e.target.value })} />
        </div>
      </div>
    </Panel>
  );
}
