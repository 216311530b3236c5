import { basename, resolve } from 'node:path';
import type { InspectResult, MapView } from '../../shared/contract';
import { evaluateMap } from '../evaluation/evaluate-map';
import type { ClassificationMetrics } from '../metrics/classification';
import { demoMapPath } from '../paths';
import { inspectAt } from '../raster/inspect';
import { openGeoTiff } from '../raster/open-geotiff';
import type { LczMap } from '../raster/lcz-map';
import { readLczMap } from '../raster/read-lcz-map';
import { gdalMetadata } from '../scenes/scene-file';
import type { Workspace } from '../workspace/workspace';
import { mapViewOf } from './map-view';
import { OpenItems } from './open-items';

/** Whether a GeoTIFF says it holds synthetic data, as LCZ Studio's synthetic products do (GDAL metadata SYNTHETIC=YES). */
async function taggedSynthetic(path: string): Promise<boolean> {
  const opened = await openGeoTiff(path);
  try {
    return (await gdalMetadata(opened.image, 1)).metadata.SYNTHETIC === 'YES';
  } finally {
    await opened.close();
  }
}

/** LCZ maps opened for viewing: read, described, inspected; and measured against a reference map. */
export class MapsService {
  private readonly open = new OpenItems<LczMap>(8, 'map');

  constructor(private readonly workspace: Workspace) {}

  async openMap(path: string): Promise<MapView> {
    const absolute = resolve(path);
    const map = await readLczMap(absolute);
    const demo = absolute === demoMapPath();
    if (!demo) await this.workspace.rememberMap(absolute);
    const id = this.open.add(map);
    // The demo's true LCZ map and mapping results of the synthetic scene say so in their metadata (SYNTHETIC=YES).
    const synthetic = demo || (await taggedSynthetic(absolute));
    return mapViewOf(map, id, demo ? 'Synthetic demo city' : basename(absolute), synthetic).view;
  }

  inspect(mapId: string, lon: number, lat: number): InspectResult {
    return inspectAt(this.open.get(mapId), lon, lat);
  }

  /** OA, kappa, per-class F1 and the confusion matrix of a map against a reference map of the same place. */
  async evaluate(mapPath: string, truthPath: string): Promise<ClassificationMetrics> {
    return evaluateMap(await readLczMap(resolve(mapPath)), await readLczMap(resolve(truthPath)));
  }
}
