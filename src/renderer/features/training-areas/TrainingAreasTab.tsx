import { appStore, useApp } from '../../app/app-state';
import { ZoomToIcon } from '../../ui/icons';
import { AreaChecksPanel } from './AreaChecksPanel';
import { AreaClassesPanel } from './AreaClassesPanel';
import { AreaFilesPanel } from './AreaFilesPanel';
import { AreaListPanel } from './AreaListPanel';
import { AreasReportPanel } from './AreasReportPanel';
import { TrainMapBar } from './TrainMapBar';
import './training-areas.css';

/**
 * Map a city from training areas (the WUDAPT workflow): draw or import polygons of each class over the open scene,
 * read the checks, train a random forest and map, then read its bootstrap accuracy and fix the suspicious areas.
 */
export function TrainingAreasTab() {
  const scene = useApp((s) => s.scene);
  if (!scene) {
    return (
      <div className="panel-empty" data-testid="areas-no-scene">
        <p>Training areas are drawn over a satellite scene. Open a multispectral scene first (Open…, or the Mapping tab).</p>
        <button type="button" className="secondary-button" onClick={() => appStore.set({ tab: 'mapping' })}>
          Go to Mapping
        </button>
      </div>
    );
  }
  return (
    <>
      <div className="areas-scene-row">
        <p className="hint areas-scene" data-testid="areas-scene" title={scene.path}>
          Training areas over <strong>{scene.name}</strong>
        </p>
        {/* Back to the whole scene, to find the next place to draw. */}
        <button type="button" className="icon-button" data-testid="areas-zoom-scene" title="Zoom to the whole scene" aria-label="Zoom to the scene"
          onClick={() => appStore.set({ focus: { bounds: scene.bounds } })}>
          <ZoomToIcon />
        </button>
      </div>
      <AreaClassesPanel />
      <AreaChecksPanel />
      <AreaListPanel />
      <AreaFilesPanel />
      <AreasReportPanel />
      <TrainMapBar />
    </>
  );
}
