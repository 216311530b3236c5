import { basename, resolve } from 'node:path';
import type { InspectResult, MapView } from '../../shared/contract';
import { demoMapPath } from '../paths';
import { inspectAt } from '../raster/inspect';
import type { LczMap } from '../raster/lcz-map';
import { readLczMap } from '../raster/read-lcz-map';
import type { Workspace } from '../workspace/workspace';
import { mapViewOf } from './map-view';
import { OpenItems } from './open-items';

/** LCZ maps opened for viewing: read, described, inspected. */
export class MapsService {
  private readonly open = new OpenItems<LczMap>(8, 'map');

  constructor(private readonly workspace: Workspace) {}

  async openMap(path: string): Promise<MapView> {
    const absolute = resolve(path);
    const map = await readLczMap(absolute);
    const synthetic = absolute === demoMapPath();
    if (!synthetic) await this.workspace.rememberMap(absolute);
    const id = this.open.add(map);
    return mapViewOf(map, id, synthetic ? 'Synthetic demo city' : basename(absolute), synthetic).view;
  }

  inspect(mapId: string, lon: number, lat: number): InspectResult {
    return inspectAt(this.open.get(mapId), lon, lat);
  }
}
