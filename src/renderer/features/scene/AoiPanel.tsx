import { useState } from 'react';
import { useApp } from '../../app/app-state';
import type { SceneView } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { aoiDraftFromText, aoiDraftOf, aoiOfDraft, type AoiDraft } from './aoi-draft';
import { configureScene } from './open-scene';
import './scene.css';

const SIDES = [
  ['west', 'West'],
  ['south', 'South'],
  ['east', 'East'],
  ['north', 'North'],
] as const;

const deg = (v: number) => Number(v.toFixed(5)).toString();

/**
 * The area of interest of the open scene, typed in degrees: the scene is shown and mapped cropped to it (kept with
 * the scene's settings, as lcz map --aoi keeps it). A full Sentinel-2 tile is 110 km across; a city needs a part.
 */
function AoiForm({ scene }: { scene: SceneView }) {
  const [draft, setDraft] = useState<AoiDraft>(() => aoiDraftOf(scene.settings.aoi));
  const { box, problems } = aoiOfDraft(draft);
  const saved = scene.settings.aoi;
  const dirty = box !== null && (!saved || box.west !== saved.west || box.south !== saved.south || box.east !== saved.east || box.north !== saved.north);
  const [w, s, e, n] = scene.bounds;
  const edit = (side: keyof AoiDraft, text: string) => setDraft((d) => aoiDraftFromText(text) ?? { ...d, [side]: text });
  return (
    <form className="aoi-form" onSubmit={(event) => {
      event.preventDefault();
      if (box) void configureScene({ ...scene.settings, aoi: box });
    }}>
      <p className="hint">
        {saved ? (
          <>
            Cropped to this area: {scene.width.toLocaleString('en-US')} × {scene.height.toLocaleString('en-US')} px of the{' '}
            {scene.fullSize ? `${scene.fullSize.width.toLocaleString('en-US')} × ${scene.fullSize.height.toLocaleString('en-US')}` : 'whole'} px scene.
          </>
        ) : (
          <>
            The whole scene is mapped ({deg(w)}, {deg(s)} to {deg(e)}, {deg(n)}). Type an area in degrees (or paste “west, south, east, north”) to map
            only that part.
          </>
        )}
      </p>
      <div className="aoi-fields">
        {SIDES.map(([side, label]) => (
          <label key={side} className="aoi-field">
            <span>{label}</span>
            <input className="text-input" inputMode="decimal" value={draft[side]} data-testid={`aoi-${side}`} onChange={(ev) => edit(side, ev.target.value)} />
          </label>
        ))}
      </div>
      {problems.length > 0 && Object.values(draft).some((v) => v.trim() !== '') && (
        <ul className="problem-list" data-testid="aoi-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="aoi-actions">
        <button type="submit" className="primary-button" data-testid="aoi-save" disabled={!dirty}>
          Crop to this area
        </button>
        {saved && (
          <button type="button" className="secondary-button" data-testid="aoi-clear" onClick={() => {
            const { aoi: _, ...whole } = scene.settings;
            setDraft(aoiDraftOf(null));
            void configureScene(whole);
          }}>
            Whole scene
          </button>
        )}
      </div>
    </form>
  );
}

export function AoiPanel() {
  const scene = useApp((s) => s.scene);
  if (!scene) return null;
  return (
    <Panel title="Area of interest" testId="aoi-panel" summary={scene.settings.aoi ? 'cropped' : 'whole scene'}>
      <AoiForm key={scene.id} scene={scene} />
    </Panel>
  );
}
