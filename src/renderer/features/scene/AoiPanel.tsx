import { useEffect, useMemo } from 'react';
import { useApp } from '../../app/app-state';
import type { SceneView } from '../../../shared/contract';
import { overhangs, sameBox } from '../../map/aoi-box';
import { Panel } from '../../ui/Panel';
import { aoiDraftFromText, aoiDraftOf, aoiOfDraft, type AoiDraft } from './aoi-draft';
import { editAoiDraft, startAoiDrawing, stopAoiDrawing, useAoi } from './aoi-store';
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
 * The area of interest of the open scene, typed in degrees or drawn on the map: the scene is shown and mapped cropped
 * to it (kept with the scene's settings, as lcz map --aoi keeps it). A full Sentinel-2 tile is 110 km across; a city
 * needs a part. A drawn rectangle fills the fields, to check and adjust, and is cropped to like a typed one.
 */
function AoiForm({ scene }: { scene: SceneView }) {
  const stored = useAoi((s) => (s.sceneId === scene.id ? s.draft : null));
  const drawing = useAoi((s) => s.drawing);
  const saved = scene.settings.aoi;
  const draft = useMemo(() => stored ?? aoiDraftOf(saved), [stored, saved]);
  const { box, problems } = aoiOfDraft(draft);
  const dirty = box !== null && !sameBox(box, saved);
  const [w, s, e, n] = scene.bounds;
  const edit = (side: keyof AoiDraft, text: string) => editAoiDraft(scene.id, aoiDraftFromText(text) ?? { ...draft, [side]: text });
  // Escape ends the drawing wherever the focus is (Terra Draw hears keys only when the map has it).
  useEffect(() => {
    if (!drawing) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') stopAoiDrawing();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawing]);
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
            The whole scene is mapped ({deg(w)}, {deg(s)} to {deg(e)}, {deg(n)}). Draw an area on the map, or type it in degrees (or paste “west,
            south, east, north”), to map only that part.
          </>
        )}
      </p>
      {saved && overhangs(saved, scene.bounds) && (
        <p className="hint" data-testid="aoi-overhang">
          Part of this area lies off the scene: only the part on it is mapped.
        </p>
      )}
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
      {dirty && !drawing && (
        <p className="hint" data-testid="aoi-pending-note">
          Outlined dashed on the map; not cropped to yet.
        </p>
      )}
      {drawing && (
        <p className="hint aoi-drawing" role="status" data-testid="aoi-drawing">
          Drag a rectangle on the map over the area to map; Escape cancels.
        </p>
      )}
      <div className="aoi-actions">
        {drawing ? (
          <button type="button" className="secondary-button" data-testid="aoi-draw-cancel" onClick={stopAoiDrawing}>
            Cancel drawing
          </button>
        ) : (
          <button type="button" className="secondary-button" data-testid="aoi-draw" onClick={startAoiDrawing}>
            Draw on the map
          </button>
        )}
        <button type="submit" className="primary-button" data-testid="aoi-save" disabled={!dirty}>
          Crop to this area
        </button>
        {saved && (
          <button type="button" className="secondary-button" data-testid="aoi-clear" onClick={() => {
            const { aoi: _, ...whole } = scene.settings;
            editAoiDraft(scene.id, aoiDraftOf(null));
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
      <AoiForm scene={scene} />
    </Panel>
  );
}
