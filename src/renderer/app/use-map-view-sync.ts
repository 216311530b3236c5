import { useEffect } from 'react';
import type { LczMapView } from '../map/lcz-map-view';
import { useApp } from './app-state';
import { reportError } from './report-error';

/** Hands the store's layers and choices to the map view, each in its own effect so a change redraws only its layer. */
export function useMapViewSync(view: LczMapView | null): void {
  const map = useApp((s) => s.map);
  const placement = useApp((s) => s.placement);
  const result = useApp((s) => s.result);
  const scene = useApp((s) => s.scene);
  const hidden = useApp((s) => s.hidden);
  const opacity = useApp((s) => s.opacity);
  const lczVisible = useApp((s) => s.lczVisible);
  const sceneVisible = useApp((s) => s.sceneVisible);
  const overlay = useApp((s) => s.overlay);
  const focus = useApp((s) => s.focus);
  const basemap = useApp((s) => s.basemap);
  const basemapCustom = useApp((s) => s.basemapCustom);
  const inspect = useApp((s) => s.inspect);
  const probe = useApp((s) => s.probe);
  const point = inspect ?? probe;

  // A new map replaces the layer (and zooms to it, or goes where the session left it: placement is set with the map);
  // legend, opacity and the inspected point follow in their own effects.
  useEffect(() => {
    if (!view || !map) return;
    document.title = `${map.name} · LCZ Studio`;
    view.showLczLayer(map, placement).catch((error: unknown) => reportError(error, { action: 'Cannot draw', file: map.path }));
  }, [view, map, placement]);

  useEffect(() => {
    if (!view) return;
    view.showScene(scene).catch((error: unknown) => reportError(error, { action: 'Cannot draw', file: scene?.path }));
  }, [view, scene]);

  // Only a result's own map carries its confidence.
  useEffect(() => view?.showConfidence(result && map && result.map.id === map.id ? result : null), [view, result, map]);
  useEffect(() => view?.setOverlayStyle(overlay), [view, overlay]);
  useEffect(() => view?.setHiddenClasses(hidden), [view, hidden]);
  useEffect(() => view?.setOpacity(opacity), [view, opacity]);
  useEffect(() => view?.setLczVisible(lczVisible), [view, lczVisible]);
  useEffect(() => view?.setSceneVisible(sceneVisible), [view, sceneVisible]);
  useEffect(() => view?.setBasemap(basemap, basemapCustom), [view, basemap, basemapCustom]);
  useEffect(() => {
    if (view && focus) view.fitTo(focus.bounds);
  }, [view, focus]);
  useEffect(() => view?.setInspectPoint(point ? [point.lon, point.lat] : null), [view, point]);
}
