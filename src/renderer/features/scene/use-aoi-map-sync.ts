import { useEffect, useMemo } from 'react';
import { useApp } from '../../app/app-state';
import { sameBox } from '../../map/aoi-box';
import type { LczMapView } from '../../map/lcz-map-view';
import { aoiOfDraft } from './aoi-draft';
import { stopAoiDrawing, useAoi } from './aoi-store';

/**
 * Hands the area of interest to the map view: the saved one outlined while its scene is open (what is mapped), the
 * one in the fields outlined while the Mapping tab shows them and it differs, and the drawing while it is on. Leaving
 * the tab or the scene ends the drawing.
 */
export function useAoiMapSync(view: LczMapView | null): void {
  const scene = useApp((s) => s.scene);
  const open = useApp((s) => s.view === 'map' && s.tab === 'mapping');
  const sceneId = scene?.id ?? null;
  const draft = useAoi((s) => (s.sceneId !== null && s.sceneId === sceneId ? s.draft : null));
  const drawing = useAoi((s) => s.drawing);
  const saved = scene?.settings.aoi ?? null;
  const pending = useMemo(() => {
    const box = open && draft ? aoiOfDraft(draft).box : null;
    return box && !sameBox(box, saved) ? box : null;
  }, [open, draft, saved]);

  useEffect(() => view?.setAoi(saved, pending), [view, saved, pending]);
  useEffect(() => view?.setAoiDrawing(open && sceneId !== null && drawing), [view, open, sceneId, drawing]);
  useEffect(() => {
    if (!open) stopAoiDrawing();
  }, [open]);
  // Another scene (or none): a rectangle drawn now would be for the wrong one.
  useEffect(() => stopAoiDrawing, [sceneId]);
}
