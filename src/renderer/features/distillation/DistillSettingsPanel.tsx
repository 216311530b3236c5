import { useId } from 'react';
import type { TeacherFusion } from '../../../shared/contract/distill';
import { Panel } from '../../ui/Panel';
import type { DistillSettingsDraft } from './distill-form';
import { distillStore, useDistill } from './distill-store';
import '../training/training.css';

type TextKey = Exclude<keyof DistillSettingsDraft, 'fusion'>;

function set(patch: Partial<DistillSettingsDraft>): void {
  distillStore.set((s) => ({ settings: { ...s.settings, ...patch } }));
}

function TextField({ name, label, placeholder, title }: { name: TextKey; label: string; placeholder?: string; title: string }) {
  const id = useId();
  const value = useDistill((s) => s.settings[name]);
  return (
    <div className="setting" title={title}>
      <label htmlFor={id}>{label}</label>
      <input id={id} className="text-input" inputMode="decimal" value={value} placeholder={placeholder} data-testid={`distill-${name}`} onChange={(e) => set({ [name]: e.target.value })} />
    </div>
  );
}

/** T, alpha, how the teacher's members are fused, and the training settings left to the preset unless typed. */
export function DistillSettingsPanel() {
  const fusion = useDistill((s) => s.settings.fusion);
  const t = useDistill((s) => s.settings.temperature);
  const alpha = useDistill((s) => s.settings.alpha);
  const fusionId = useId();
  return (
    <Panel title="Distillation settings" testId="distill-settings" summary={`T ${t}, alpha ${alpha}`}>
      <p className="hint">
        L = alpha · CE(student, label) + (1 − alpha) · T² · KL(teacher ‖ student at temperature T). Published: T 3, alpha 0.7, logits averaged.
      </p>
      <div className="settings-form">
        <fieldset className="settings-group">
          <TextField name="temperature" label="T (temperature)" title="Softens both distributions: higher T shows more of the teacher's second choices" />
          <TextField name="alpha" label="alpha" title="Weight of the labels' cross-entropy; 1 − alpha goes to the teacher. 0: soft targets only" />
          <div className="setting is-wide" title="How the teacher's members become one set of soft targets">
            <label htmlFor={fusionId}>Teacher fusion</label>
            <select id={fusionId} className="select-input" value={fusion} data-testid="distill-fusion" onChange={(e) => set({ fusion: e.target.value as TeacherFusion })}>
              <option value="logits">Mean of logits (published)</option>
              <option value="probabilities">Mean of probabilities (sum rule)</option>
            </select>
          </div>
        </fieldset>
        <fieldset className="settings-group">
          <legend>Training</legend>
          <TextField name="epochs" label="Epochs" placeholder="preset’s" title="Empty: the preset's (30), else 10" />
          <TextField name="learningRate" label="Learning rate" placeholder="preset’s" title="AdamW; empty: the preset's, else 0.001" />
          <TextField name="maxPatches" label="At most … patches" placeholder="all" title="Train on at most this many patches of the file (quick runs)" />
        </fieldset>
      </div>
    </Panel>
  );
}
