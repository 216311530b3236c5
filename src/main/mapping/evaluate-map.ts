import { UserError } from '../../shared/errors';
import { addToConfusion, emptyConfusion, metricsFromConfusion, type ClassificationMetrics } from '../metrics/classification';
import type { LczMap } from '../raster/lcz-map';
import { converter, crsToPixel, mapProj4, pixelToCrs } from '../raster/projection';

const sameGrid = (a: LczMap, b: LczMap): boolean =>
  a.width === b.width && a.height === b.height && a.crs.proj4 === b.crs.proj4 && a.geoTransform.every((v, i) => Math.abs(v - b.geoTransform[i]!) < 1e-9 * Math.max(1, Math.abs(v)));

/**
 * Compares an LCZ map with a reference map of the same place: cell by cell when they share a grid, else each map
 * cell against the reference cell under its centre (nearest, reprojected when the CRSs differ). Cells that are no
 * data in either map are left out.
 */
export function evaluateMap(map: LczMap, truth: LczMap): ClassificationMetrics {
  const confusion = emptyConfusion();
  if (sameGrid(map, truth)) {
    addToConfusion(confusion, truth.classes, map.classes);
  } else {
    const toTruth = converter(mapProj4(map), mapProj4(truth));
    const sampled = new Uint8Array(map.width);
    for (let r = 0; r < map.height; r++) {
      for (let c = 0; c < map.width; c++) {
        const [x, y] = pixelToCrs(map.geoTransform, c + 0.5, r + 0.5);
        let value = 0;
        try {
          const [tx, ty] = toTruth.forward([x, y]) as [number, number];
          const [fc, fr] = crsToPixel(truth.geoTransform, tx, ty);
          const tc = Math.floor(fc);
          const tr = Math.floor(fr);
          if (tc >= 0 && tc < truth.width && tr >= 0 && tr < truth.height) value = truth.classes[tr * truth.width + tc]!;
        } catch {
          value = 0;
        }
        sampled[c] = value;
      }
      addToConfusion(confusion, sampled, map.classes.subarray(r * map.width, (r + 1) * map.width));
    }
  }
  const metrics = metricsFromConfusion(confusion);
  if (metrics.n === 0) throw new UserError(`has no cell in common with the reference map ${truth.path} (do they cover the same place?)`, map.path);
  return metrics;
}
