import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TypedArray } from 'geotiff';
import type { CellProbe, ResultListItem, ResultSummary, ResultView } from '../../shared/contract/results';
import { UserError } from '../../shared/errors';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { gatherBytes, toBase64 } from '../raster/display-grid';
import { inspectAt } from '../raster/inspect';
import type { LczMap } from '../raster/lcz-map';
import { readAllBands } from '../raster/read-bands';
import { readLczMap } from '../raster/read-lcz-map';
import { PROBABILITY_NODATA, PROBABILITY_SCALE } from '../mapping/output-encoding';
import { readSummary } from '../mapping/read-summary';
import type { Workspace } from '../workspace/workspace';
import { mapViewOf } from './map-view';
import { OpenItems } from './open-items';

interface OpenResult {
  dir: string;
  summary: ResultSummary;
  map: LczMap;
  /** 17 bands, UInt16 x 10^4. */
  probabilities: TypedArray[];
  /** max probability, margin, normalised entropy: UInt16 x 10^4. */
  confidence: TypedArray[];
  disagreement: TypedArray | null;
  truth: LczMap | null;
}

/** UInt16 x 10^4 to one display byte: 0-1 as 0-250, no data as 255. */
function toDisplayBytes(values: TypedArray, invert = false): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === PROBABILITY_NODATA) out[i] = 255;
    else out[i] = Math.round((invert ? 1 - v / PROBABILITY_SCALE : v / PROBABILITY_SCALE) * 250);
  }
  return out;
}

const fromStored = (v: number): number | null => (v === PROBABILITY_NODATA ? null : v / PROBABILITY_SCALE);

/** Mapping results: listed from the workspace, reopened with their layers, probed cell by cell. */
export class ResultsService {
  private readonly open = new OpenItems<OpenResult>(4, 'result');

  constructor(private readonly workspace: Workspace) {}

  async list(): Promise<ResultListItem[]> {
    const entries = await readdir(this.workspace.resultsDir, { withFileTypes: true }).catch(() => []);
    const items: ResultListItem[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const dir = join(this.workspace.resultsDir, entry.name);
      const summary = await readSummary(dir).catch(() => null);
      if (!summary) continue; // incomplete or foreign folders are not results
      items.push({ id: summary.id, dir, name: summary.name, createdAt: summary.createdAt, synthetic: summary.synthetic, oa: summary.accuracy?.oa ?? null });
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** A result's summary alone, without reading its layers. */
  summary(dir: string): Promise<ResultSummary> {
    return readSummary(resolve(dir));
  }

  async openResult(dir: string): Promise<ResultView> {
    const absolute = resolve(dir);
    const summary = await readSummary(absolute);
    const file = (name: string) => join(absolute, name);
    const map = await readLczMap(file(summary.files.lcz));
    const probabilities = (await readAllBands(file(summary.files.probabilities))).bands;
    const confidence = (await readAllBands(file(summary.files.confidence))).bands;
    const disagreement = summary.files.disagreement ? (await readAllBands(file(summary.files.disagreement))).bands[0]! : null;
    if (probabilities.length !== LCZ_CLASS_COUNT || confidence.length !== 3) throw new UserError('has outputs with the wrong number of bands', absolute);
    const truthPath = summary.accuracy?.truthPath;
    const truth = truthPath ? await readLczMap(truthPath).catch(() => null) : null;
    const item: OpenResult = { dir: absolute, summary, map, probabilities, confidence, disagreement, truth };
    const id = this.open.add(item);
    const { view, warp } = mapViewOf(map, id, summary.name, summary.synthetic);
    const layer = (values: TypedArray, invert = false) => toBase64(gatherBytes(warp, toDisplayBytes(values, invert), 255));
    return {
      summary,
      dir: absolute,
      map: view,
      confidence: {
        maxProbabilityBase64: layer(confidence[0]!),
        marginBase64: layer(confidence[1]!),
        certaintyBase64: layer(confidence[2]!, true),
        disagreementBase64: disagreement ? layer(disagreement) : null,
      },
    };
  }

  probe(resultId: string, lon: number, lat: number): CellProbe {
    const item = this.open.get(resultId);
    const hit = inspectAt(item.map, lon, lat);
    if (!hit.inside) return { inside: false };
    const cell = hit.row * item.map.width + hit.col;
    const predicted = hit.value !== 0;
    let truth: number | null = null;
    if (item.truth) {
      const t = inspectAt(item.truth, lon, lat);
      truth = t.inside ? t.value : 0;
    }
    return {
      inside: true,
      row: hit.row,
      col: hit.col,
      value: hit.value,
      probabilities: predicted ? item.probabilities.map((band) => fromStored(band[cell]!) ?? 0) : null,
      maxProbability: predicted ? fromStored(item.confidence[0]![cell]!) : null,
      margin: predicted ? fromStored(item.confidence[1]![cell]!) : null,
      entropy: predicted ? fromStored(item.confidence[2]![cell]!) : null,
      disagreement: predicted && item.disagreement ? fromStored(item.disagreement[cell]!) : null,
      truth,
    };
  }
}
