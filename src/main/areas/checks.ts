/**
 * The checks before training, as the WUDAPT generator enforces them and what its users trip on: at least 2 classes
 * and 3 polygons per class (a warning under 5); areas off the scene or over no data; overlapping areas of different
 * classes; areas smaller than one output cell; very large areas (replaced by a buffer around their centroid, said so);
 * an extent over 2 x 2 degrees; classes with far fewer training cells than the others. Each problem names its areas
 * and where to zoom to; errors stop the training.
 */
import type { AreaProblem, AreaProblemCode, AreasCheck, TrainingArea } from '../../shared/contract/areas';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { polygonBounds } from './area-polygons';
import { BUFFER_M, LARGE_AREA_M2, type AreasOnGrid } from './area-cells';
import { classLabel } from './class-folders';

export const MIN_CLASSES = 2;
export const MIN_AREAS_PER_CLASS = 3;
export const ADVISED_AREAS_PER_CLASS = 5;
export const MAX_EXTENT_DEGREES = 2;
/** A class with fewer training cells than this share of the largest class's is "far fewer". */
export const RARE_CLASS_SHARE = 0.1;

type Bounds = [number, number, number, number];

const describe = (area: TrainingArea) => `${classLabel(area.lcz)} area ${area.name ? `"${area.name}" (${area.id})` : area.id}`;

function union(bounds: readonly Bounds[]): Bounds | null {
  if (bounds.length === 0) return null;
  return [Math.min(...bounds.map((b) => b[0])), Math.min(...bounds.map((b) => b[1])), Math.max(...bounds.map((b) => b[2])), Math.max(...bounds.map((b) => b[3]))];
}

export interface CheckInput {
  onGrid: AreasOnGrid;
  resolutionM: number;
  /** 1 per grid cell with scene data; null when the scene's pixels were not read (no nodata check). */
  valid: Uint8Array | null;
}

export function checkAreas({ onGrid, resolutionM, valid }: CheckInput): AreasCheck {
  const problems: AreaProblem[] = [];
  const add = (code: AreaProblemCode, severity: 'error' | 'warning', message: string, areas: readonly TrainingArea[], lcz: number | null = null, bounds?: Bounds | null) =>
    problems.push({ code, severity, message, areaIds: areas.map((a) => a.id), lcz, bounds: bounds ?? union(areas.map((a) => polygonBounds([a.geometry]))) });
  const all = onGrid.areas;
  const byId = new Map(all.map((a) => [a.area.id, a.area]));

  const extent = union(all.map((a) => a.bounds));
  if (extent && (extent[2] - extent[0] > MAX_EXTENT_DEGREES || extent[3] - extent[1] > MAX_EXTENT_DEGREES)) {
    add('extent-too-large', 'error', `the areas span ${(extent[2] - extent[0]).toFixed(2)} x ${(extent[3] - extent[1]).toFixed(2)} degrees; the generator maps at most ${MAX_EXTENT_DEGREES} x ${MAX_EXTENT_DEGREES} degrees: split the city or remove far-off areas`, [], null, extent);
  }
  for (const a of all) {
    if (a.cells.length === 0 && a.outsideShare === 1) add('outside-scene', 'error', `${describe(a.area)} does not touch the scene`, [a.area]);
    else if (a.outsideShare > 0) add('partly-outside-scene', 'warning', `${describe(a.area)} reaches past the scene's edge; only its part on the scene is used`, [a.area]);
    if (valid && a.cells.length > 0) {
      const nodata = a.cells.filter((cell) => !valid[cell]).length;
      if (nodata > 0) add('over-nodata', nodata === a.cells.length ? 'error' : 'warning', `${describe(a.area)} lies ${nodata === a.cells.length ? 'entirely' : `${nodata} of its ${a.cells.length} cells`} over no data in the scene`, [a.area]);
    }
    if (!a.buffered && a.areaM2 < resolutionM * resolutionM) {
      add('smaller-than-cell', 'warning', `${describe(a.area)} is ${Math.round(a.areaM2)} m², smaller than one ${resolutionM} m cell${a.centroidCell ? ': the cell under its centre is used' : ''}`, [a.area]);
    }
    if (a.buffered) {
      add('large-buffered', 'warning', `${describe(a.area)} is ${(a.areaM2 / 1e6).toFixed(2)} km² (${LARGE_AREA_M2 / 1e6} km² or more): as the generator does, a ${BUFFER_M} m buffer around its centroid is used instead`, [a.area]);
    }
  }
  for (const c of onGrid.conflicts) {
    const pair = [byId.get(c.a)!, byId.get(c.b)!];
    add('overlap', 'warning', `${describe(pair[0]!)} and ${describe(pair[1]!)} overlap (${c.cells} cell${c.cells > 1 ? 's' : ''}); cells in both are left out of training`, pair);
  }

  const classes: AreasCheck['classes'] = [];
  for (let lcz = 1; lcz <= LCZ_CLASS_COUNT; lcz++) {
    const members = all.filter((a) => a.area.lcz === lcz);
    if (members.length) classes.push({ lcz, areas: members.length, cells: members.reduce((s, a) => s + (valid ? a.cells.filter((c) => valid[c]).length : a.cells.length), 0) });
  }
  if (classes.length < MIN_CLASSES) {
    add('too-few-classes', 'error', `the areas name ${classes.length} class${classes.length === 1 ? '' : 'es'}; a classifier needs areas of at least ${MIN_CLASSES} classes`, all.map((a) => a.area));
  }
  const largest = Math.max(0, ...classes.map((c) => c.cells));
  for (const c of classes) {
    const members = all.filter((a) => a.area.lcz === c.lcz).map((a) => a.area);
    if (c.areas < MIN_AREAS_PER_CLASS) {
      add('too-few-areas', 'error', `${classLabel(c.lcz)} has ${c.areas} area${c.areas > 1 ? 's' : ''}; at least ${MIN_AREAS_PER_CLASS} per class are needed (${ADVISED_AREAS_PER_CLASS} or more advised), so that some can be held out to test`, members, c.lcz);
    } else if (c.areas < ADVISED_AREAS_PER_CLASS) {
      add('few-areas', 'warning', `${classLabel(c.lcz)} has ${c.areas} areas; ${ADVISED_AREAS_PER_CLASS} or more make its accuracy more trustworthy`, members, c.lcz);
    }
    if (c.cells < RARE_CLASS_SHARE * largest) {
      add('rare-class', 'warning', `${classLabel(c.lcz)} gives ${c.cells} training cells, far fewer than the ${largest} of the largest class: the classifier will seldom choose it; add areas of it`, members, c.lcz);
    }
  }
  return { problems, classes, canTrain: !problems.some((p) => p.severity === 'error') };
}
