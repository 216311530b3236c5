import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ComparedMap, CompareProbe, Comparison, ComparisonListItem, ComparisonView } from '../../shared/contract/compare';
import { UserError } from '../../shared/errors';
import { readComparison } from '../compare/read-comparison';
import { gatherBytes, mercatorWarp, toBase64, type MercatorWarp } from '../raster/display-grid';
import { inspectAt } from '../raster/inspect';
import type { LczMap } from '../raster/lcz-map';
import { readAllBands } from '../raster/read-bands';
import { readLczMap } from '../raster/read-lcz-map';
import type { Workspace } from '../workspace/workspace';
import { mapViewOf } from './map-view';
import { OpenItems } from './open-items';

/** A compared map, read again for display; one that moved since the comparison is named as such. */
async function readCompared(map: ComparedMap, role: string): Promise<LczMap> {
  try {
    return await readLczMap(map.lczPath);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UserError(`the comparison's ${role} cannot be read any more (${why}); compare the maps again`, map.lczPath);
  }
}

/** Display pixels a side, at most (as maps/open draws a map). */
const DISPLAY_MAX_SIDE = 2048;

/**
 * The Compare view is read cell by cell when zoomed in (the cursor reads each map's class, a swipe is looked at
 * closely): its display grids are made up to 4 times finer than the map, within the usual size, so the drawn cell
 * edges lie where the cells are.
 */
function displayWarp(map: LczMap): MercatorWarp {
  const oversample = Math.max(1, Math.min(4, Math.floor(DISPLAY_MAX_SIDE / Math.max(map.width, map.height))));
  return mercatorWarp(map, DISPLAY_MAX_SIDE, oversample);
}

/** Map comparisons: listed from the workspace, opened for the Compare view, probed under the cursor. */
export class CompareService {
  private readonly open = new OpenItems<{ a: LczMap; b: LczMap }>(4, 'comparison');

  constructor(private readonly workspace: Workspace) {}

  async list(): Promise<ComparisonListItem[]> {
    const root = this.workspace.comparisonsDir;
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    const items: ComparisonListItem[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, entry.name);
      const c = await readComparison(dir).catch(() => null);
      if (!c) continue; // incomplete (cancelled, running) or foreign folders are not comparisons
      const { a, b, truth } = c.inputs;
      items.push({ dir, createdAt: c.createdAt, a: a.name, b: b.name, agreement: c.agreement, synthetic: [a, b, truth].some((m) => m?.synthetic) });
    }
    return items.sort((x, y) => y.createdAt.localeCompare(x.createdAt));
  }

  summary(dir: string): Promise<Comparison> {
    return readComparison(resolve(dir));
  }

  async openComparison(dir: string): Promise<ComparisonView> {
    const absolute = resolve(dir);
    const comparison = await readComparison(absolute);
    const { inputs, files } = comparison;
    const [a, b] = await Promise.all([readCompared(inputs.a, 'first map (A)'), readCompared(inputs.b, 'second map (B)')]);
    const differencePath = join(absolute, files.difference);
    const difference = (await readAllBands(differencePath)).bands[0]!;
    if (difference.length !== a.width * a.height) {
      throw new UserError(`holds ${difference.length} cells, but the first map (A) has ${a.width} x ${a.height}: was A changed since the comparison? Compare the maps again`, differencePath);
    }
    const id = this.open.add({ a, b });
    const shownA = mapViewOf(a, `${id}/a`, inputs.a.name, inputs.a.synthetic, displayWarp(a));
    const shownB = mapViewOf(b, `${id}/b`, inputs.b.name, inputs.b.synthetic, displayWarp(b));
    return {
      id,
      dir: absolute,
      comparison,
      a: shownA.view,
      b: shownB.view,
      // difference.tif lies on A's grid: A's warp puts it on A's display grid, cell for cell.
      differenceBase64: toBase64(gatherBytes(shownA.warp, difference instanceof Uint8Array ? difference : Uint8Array.from(difference), 0)),
    };
  }

  probe(comparisonId: string, lon: number, lat: number): CompareProbe {
    const { a, b } = this.open.get(comparisonId);
    return { a: inspectAt(a, lon, lat), b: inspectAt(b, lon, lat) };
  }
}
