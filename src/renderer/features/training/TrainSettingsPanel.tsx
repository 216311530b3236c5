import { useId, type ReactNode } from 'react';
import { Panel } from '../../ui/Panel';
import { setSettings } from './form-actions';
import { defaultRunName, settingsSummary, type SettingsDraft } from './train-form';
import { useTraining } from './training-store';
import './training.css';

type TextKey = 'epochs' | 'batchSize' | 'learningRate' | 'weightDecay' | 'validationShare' | 'maxPatches';

function TextField({ name, label, unit, placeholder, title }: { name: TextKey; label: string; unit?: string; placeholder?: string; title?: string }) {
  const id = useId();
  const value = useTraining((s) => s.settings[name]);
  return (
    <div className="setting" title={title}>
      <label htmlFor={id}>{label}</label>
      <span className="setting-input">
        <input id={id} className="text-input" inputMode="decimal" value={value} placeholder={placeholder} data-testid={`setting-${name}`}
          onChange={(e) => setSettings({ [name]: e.target.value })} />
        {unit && <span className="setting-unit">{unit}</span>}
      </span>
    </div>
  );
}

type ChoiceKey = 'schedule' | 'fusion' | 'normalisation';

interface ChoiceProps<K extends ChoiceKey> {
  name: K;
  label: string;
  options: [SettingsDraft[K], string][];
  title?: string;
  /** Across both columns, for options with long names. */
  wide?: boolean;
}

function ChoiceField<K extends ChoiceKey>({ name, label, options, title, wide }: ChoiceProps<K>) {
  const id = useId();
  const value = useTraining((s) => s.settings[name]);
  return (
    <div className={wide ? 'setting is-wide' : 'setting'} title={title}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select-input" value={value} data-testid={`setting-${name}`} onChange={(e) => setSettings({ [name]: e.target.value as SettingsDraft[K] })}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="settings-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

/** Hyper-parameters, with the core's defaults; folded by default, its header sums them up. */
export function TrainSettingsPanel() {
  const settings = useTraining((s) => s.settings);
  const members = useTraining((s) => s.members);
  const train = useTraining((s) => s.train?.path ?? null);
  const nameId = useId();
  return (
    <Panel title="Settings" testId="train-settings" summary={settingsSummary(settings)} defaultOpen={false}>
      <div className="settings-form">
        <Group title="Optimisation">
          <TextField name="epochs" label="Epochs" title="Passes over the training patches, per member" />
          <TextField name="batchSize" label="Batch size" />
          <TextField name="learningRate" label="Learning rate" title="AdamW: Adam with decoupled weight decay" />
          <ChoiceField name="schedule" label="Schedule" options={[['cosine', 'Cosine decay'], ['constant', 'Constant']]} />
          <TextField name="weightDecay" label="Weight decay" title="Decoupled weight decay on the kernels (0: plain Adam)" />
        </Group>
        <Group title="Data">
          <TextField name="validationShare" label="Validation" unit="%" title="Share of the training file held out for the curves and the temperature" />
          <TextField name="maxPatches" label="Max patches" placeholder="all" title="Use at most this many training patches: quick runs on the real 352,366-patch file" />
          <ChoiceField name="normalisation" label="Band statistics" wide options={[['published', 'So2Sat published'], ['file', 'Computed from the training file (one pass)']]}
            title="What the bands are normalised with: So2Sat's published statistics, or computed from the training file in one pass" />
          <label className="option-check setting-check">
            <input type="checkbox" checked={settings.augment} data-testid="setting-augment" onChange={(e) => setSettings({ augment: e.target.checked })} />
            <span>Augmentation: random 90° rotations and flips</span>
          </label>
        </Group>
        <Group title="Ensemble">
          <ChoiceField name="fusion" label="Fusion" wide options={[['sum-rule', 'Sum rule (mean of probabilities)'], ['logit-average', 'Mean of logits']]}
            title="How the members are fused when the ensemble is evaluated as one model" />
        </Group>
        <div className="setting setting-name">
          <label htmlFor={nameId}>Run name</label>
          <input id={nameId} className="text-input" value={settings.name} data-testid="setting-name" placeholder={train ? defaultRunName(members, train) : 'made from the members and the file'}
            onChange={(e) => setSettings({ name: e.target.value })} />
        </div>
      </div>
    </Panel>
  );
}
