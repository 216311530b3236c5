import { useEffect, useRef, useState } from 'react';
import { LczMapView } from '../map/lcz-map-view';
import { reportError } from './report-error';
import { appStore, useApp } from './app-state';
import { inspectAt } from '../features/inspect/inspect-at';
import { InspectPanel } from '../features/inspect/InspectPanel';
import { JobList } from '../features/jobs/JobList';
import { SyntheticNotice } from './SyntheticNotice';
import './map-pane.css';

/**
 * The centre of the window: hands store state to the LczMapView (which alone touches MapLibre)
 * and carries the overlays drawn above the map.
 */
export function MapPane() {
  const container = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<LczMapView | null>(null);
  const map = useApp((s) => s.map);
  const hidden = useApp((s) => s.hidden);
  const opacity = useApp((s) => s.opacity);
  const inspect = useApp((s) => s.inspect);
  const opening = useApp((s) => s.opening);

  useEffect(() => {
    if (!container.current) return;
    const created = new LczMapView(container.current, {
      onClick: (lon, lat) => void inspectAt(lon, lat),
      onMouseMove: (cursor) => appStore.set({ cursor }),
      onLayerRendered: () => {
        document.body.dataset.mapReady = 'true';
      },
    });
    setView(created);
    return () => {
      created.destroy();
      setView(null);
    };
  }, []);

  // A new map replaces the layer; legend, opacity and the inspected point follow in their own effects.
  useEffect(() => {
    if (!view || !map) return;
    document.title = `${map.name} · LCZ Studio`;
    view.showLczLayer(map).catch((error: unknown) => {
      reportError(error, { action: 'Cannot draw', file: map.path });
    });
  }, [view, map]);

  useEffect(() => view?.setHiddenClasses(hidden), [view, hidden]);
  useEffect(() => view?.setOpacity(opacity), [view, opacity]);
  useEffect(() => view?.setInspectPoint(inspect ? [inspect.lon, inspect.lat] : null), [view, inspect]);

  return (
    <main className="map-pane" aria-label="Map">
      <div ref={container} className="lcz-map" data-testid="map" />
      <SyntheticNotice />
      <InspectPanel />
      <JobList />
      {opening && (
        <div className="map-busy" role="status">
          <span className="spinner" aria-hidden="true" />
          Opening {opening.split(/[\\/]/).pop()}…
        </div>
      )}
    </main>
  );
}
