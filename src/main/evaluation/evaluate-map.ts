import { UserError } from '../../shared/errors';
import { gatherCells, GridAlignment } from '../compare/grid-alignment';
import { addToConfusion, emptyConfusion, metricsFromConfusion, type ClassificationMetrics } from '../metrics/classification';
import type { LczMap } from '../raster/lcz-map';

/**
 * Compares an LCZ map with a reference map of the same place: cell by cell when they share a grid, else each map
 * cell against the reference cell under its centre (nearest, reprojected when the CRSs differ: the alignment map
 * comparison streams with). Cells that are no data in either map are left out.
 */
export function evaluateMap(map: LczMap, truth: LczMap): ClassificationMetrics {
  const confusion = emptyConfusion();
  const alignment = new GridAlignment(map, truth);
  if (alignment.identical) {
    addToConfusion(confusion, truth.classes, map.classes);
  } else {
    const sampled = new Uint8Array(map.width);
    for (let r = 0; r < map.height; r++) {
      gatherCells(alignment.locate(r, r + 1), truth.classes, 0, truth.width, sampled, 0);
      addToConfusion(confusion, sampled, map.classes.subarray(r * map.width, (r + 1) * map.width));
    }
  }
  const metrics = metricsFromConfusion(confusion);
  if (metrics.n === 0) throw new UserError(`has no cell in common with the reference map ${truth.path} (do they cover the same place?)`, map.path);
  return metrics;
}
