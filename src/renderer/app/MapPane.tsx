import { useEffect, useRef, useState } from 'react';
import { LczMapView } from '../map/lcz-map-view';
import { appStore, useApp } from './app-state';
import { useMapViewSync } from './use-map-view-sync';
import { inspectAt } from '../features/inspect/inspect-at';
import { InspectPanel } from '../features/inspect/InspectPanel';
import { ProbePanel } from '../features/inspect/ProbePanel';
import { SyntheticNotice } from './SyntheticNotice';
import { BasemapNote } from '../features/basemap/BasemapNote';
import { loadTile } from '../features/basemap/basemap-actions';
import { HonestyBadge } from '../features/results/HonestyBadge';
import { areaDrawn, areaEdited, deleteArea, selectArea } from '../features/training-areas/areas-actions';
import { useAreasMapSync } from '../features/training-areas/use-areas-map-sync';
import { aoiDrawn } from '../features/scene/aoi-store';
import { useAoiMapSync } from '../features/scene/use-aoi-map-sync';
import './map-pane.css';

/**
 * The map: hands store state to the LczMapView (which alone touches MapLibre) and carries the small overlays that
 * belong on the map (the synthetic-data notice, what a click found). Created once per window: switching views
 * hides it, so the map, its layers and its camera are never built twice.
 */
export function MapPane() {
  const container = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<LczMapView | null>(null);
  const opening = useApp((s) => s.opening);

  useEffect(() => {
    if (!container.current) return;
    const created = new LczMapView(container.current, {
      onClick: (lon, lat) => void inspectAt(lon, lat),
      onMouseMove: (cursor) => appStore.set({ cursor }),
      onLayerRendered: () => {
        document.body.dataset.mapReady = 'true';
      },
      onSceneRendered: () => {
        document.body.dataset.sceneReady = 'true';
      },
      onCameraChange: (camera) => appStore.set({ camera }),
      loadTile,
      onBasemapTrouble: (basemapNote) => {
        if (appStore.get().basemapNote !== basemapNote) appStore.set({ basemapNote });
      },
      areas: { onDrawn: areaDrawn, onEdited: areaEdited, onDeleted: deleteArea, onSelected: selectArea },
      aoi: { onDrawn: aoiDrawn },
    });
    setView(created);
    return () => {
      created.destroy();
      setView(null);
    };
  }, []);

  useMapViewSync(view);
  useAreasMapSync(view);
  useAoiMapSync(view);

  return (
    <section className="map-pane" aria-label="Map">
      <div ref={container} className="lcz-map" data-testid="map" />
      <SyntheticNotice />
      <BasemapNote />
      <HonestyBadge />
      <InspectPanel />
      <ProbePanel />
      {opening && (
        <div className="map-busy" role="status">
          <span className="spinner" aria-hidden="true" />
          Opening {opening.split(/[\\/]/).pop()}…
        </div>
      )}
    </section>
  );
}
