import { useId } from 'react';
import { useApp } from '../../app/app-state';
import { SENSORS, SENSOR_LABEL, type Sensor } from '../../../shared/bands';
import type { SceneView, SettingsOrigin } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { mappingStore, useMapping } from '../mapping/mapping-store';
import { bandOptions, draftOf, mappedSummary, sameSettings, settingsOfDraft, usualOrder, withBand, withSensor, type BandDraft } from './band-mapping';
import { configureScene } from './open-scene';
import './scene.css';

const ORIGIN_NOTE: Record<SettingsOrigin, string> = {
  file: 'Read from the band names stored in the file.',
  saved: 'As you saved it for this scene (kept in your workspace).',
  guessed: 'Guessed by LCZ Studio: the file does not name its bands. Check each band before mapping, then Save.',
};

/** The usual scaling of the sensor's products, as a reminder. */
function scalingHint(sensor: Sensor | null): string {
  const s2 = 'Sentinel-2 L2A: × 0.0001 + 0 (reflectance × 10,000)';
  const landsat = 'Landsat Collection 2 surface reflectance: × 0.0000275 − 0.2';
  if (sensor === 'sentinel-2') return `${s2}.`;
  if (sensor) return `${landsat}.`;
  return `${s2}; ${landsat}.`;
}

function setDraft(sceneId: string, bands: BandDraft): void {
  mappingStore.set({ draft: { sceneId, bands } });
}

interface FormProps {
  scene: SceneView;
  draft: BandDraft;
}

function BandTable({ scene, draft }: FormProps) {
  const groups = bandOptions(draft.sensor);
  return (
    <table className="band-table" data-testid="band-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">In the file</th>
          <th scope="col">Band</th>
        </tr>
      </thead>
      <tbody>
        {draft.bands.map((id, i) => (
          <tr key={i} data-testid={`band-row-${i + 1}`}>
            <td className="num">{i + 1}</td>
            <td className="band-description" title={scene.descriptions[i] || undefined}>
              {scene.descriptions[i] || <span className="faint">no name</span>}
            </td>
            <td>
              <select className="select-input band-select" value={id ?? ''} data-testid={`band-select-${i + 1}`} aria-label={`Band ${i + 1} of the file`}
                onChange={(e) => setDraft(scene.id, withBand(draft, i, e.target.value || null))}>
                <option value="">unused</option>
                {groups.map((group) =>
                  groups.length === 1 ? (
                    group.options.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.label}
                      </option>
                    ))
                  ) : (
                    <optgroup key={group.sensor} label={SENSOR_LABEL[group.sensor]}>
                      {group.options.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.id} · {o.label}
                        </option>
                      ))}
                    </optgroup>
                  ),
                )}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BandForm({ scene, draft }: FormProps) {
  const sensorId = useId();
  const scaleId = useId();
  const offsetId = useId();
  const { settings, problems } = settingsOfDraft(draft);
  const dirty = !sameSettings(settings, scene.settings);
  const origin = scene.settingsOrigin;
  const usual = draft.sensor ? usualOrder(draft.sensor, scene.bandCount) : null;
  const fillUsual = usual && usual.some((id, i) => draft.bands[i] !== id) ? usual : null;
  return (
    <form className="band-form" onSubmit={(e) => {
      e.preventDefault();
      // The area of interest is kept: the band form does not edit it (AoiPanel does).
      if (problems.length === 0) void configureScene(scene.settings.aoi ? { ...settings, aoi: scene.settings.aoi } : settings);
    }}>
      <p className={origin === 'guessed' ? 'origin-note is-guessed' : 'origin-note'} data-testid="band-origin" data-origin={origin}>
        {ORIGIN_NOTE[origin]}
      </p>
      <div className="band-field">
        <label htmlFor={sensorId} className="field-label">
          Sensor
        </label>
        <select id={sensorId} className="select-input" value={draft.sensor ?? ''} data-testid="sensor-select"
          onChange={(e) => setDraft(scene.id, withSensor(draft, scene.descriptions, (e.target.value || null) as Sensor | null))}>
          <option value="">unknown</option>
          {SENSORS.map((s) => (
            <option key={s} value={s}>
              {SENSOR_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {fillUsual && (
        <button type="button" className="secondary-button fill-button" data-testid="band-fill-usual"
          onClick={() => setDraft(scene.id, { ...draft, bands: [...fillUsual] })}>
          Fill in the usual order: {fillUsual.map((id) => id.split('.')[1]).join(', ')}
        </button>
      )}
      <BandTable scene={scene} draft={draft} />
      <div className="band-scaling">
        <label htmlFor={scaleId} className="field-label">
          Reflectance = DN ×
        </label>
        <input id={scaleId} className="text-input" inputMode="decimal" value={draft.scale} data-testid="scale-input"
          onChange={(e) => setDraft(scene.id, { ...draft, scale: e.target.value })} />
        <label htmlFor={offsetId} className="field-label">
          +
        </label>
        <input id={offsetId} className="text-input" inputMode="decimal" value={draft.offset} data-testid="offset-input"
          onChange={(e) => setDraft(scene.id, { ...draft, offset: e.target.value })} />
      </div>
      <p className="hint">{scalingHint(draft.sensor)}</p>
      {problems.length > 0 && (
        <ul className="problem-list" data-testid="band-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" className="secondary-button" disabled={!dirty} onClick={() => setDraft(scene.id, draftOf(scene.settings))}>
          Revert
        </button>
        <button type="submit" className="primary-button" data-testid="band-save" disabled={!dirty || problems.length > 0}>
          Save
        </button>
      </div>
    </form>
  );
}

/** Which band of the sensor each band of the file holds, and how its numbers become reflectance; saved per scene. */
export function BandMappingPanel() {
  const scene = useApp((s) => s.scene);
  const draft = useMapping((s) => s.draft);
  if (!scene) return null;
  const bands = draft?.sceneId === scene.id ? draft.bands : draftOf(scene.settings);
  return (
    // Folded when the file or the user already said what the bands are; open when it is a guess to check.
    <Panel key={scene.path} title="Bands" testId="band-panel" defaultOpen={scene.settingsOrigin === 'guessed'}
      summary={`${mappedSummary(scene.settings.bands)}${scene.settingsOrigin === 'guessed' ? ' (guessed)' : ''}`}>
      <BandForm scene={scene} draft={bands} />
    </Panel>
  );
}
