/**
 * Mapping result folders written with the project's own result writer (writeResult), with class probabilities made
 * here: a pattern of classes shared by every result, each with its own noise, so two results agree in part and their
 * probabilities diverge by different amounts from cell to cell.
 */
import type { ResultSummary } from '../../src/shared/contract/results';
import { LCZ_CLASS_COUNT } from '../../src/shared/lcz-classes';
import type { FusedMaps } from '../../src/main/mapping/fusion';
import type { OutputGrid } from '../../src/main/mapping/output-grid';
import { writeResult } from '../../src/main/mapping/write-result';
import { geoKeysForEpsg } from '../../src/main/raster/write/epsg-geokeys';

export interface ResultFixture {
  /** Top-left corner (UTM 33N metres) and cell size. */
  x0: number;
  y0: number;
  cellM: number;
  width: number;
  height: number;
  seed: number;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The shared pattern: blocks of 400 x 300 m. */
const pattern = (x: number, y: number): number => 1 + ((Math.floor(x / 400) + 5 * Math.floor(y / 300)) % LCZ_CLASS_COUNT);

function fused(f: ResultFixture): FusedMaps {
  const cells = f.width * f.height;
  const next = random(f.seed);
  const classes = new Uint8Array(cells);
  const probabilities = new Float32Array(cells * LCZ_CLASS_COUNT);
  const maxProbability = new Float32Array(cells);
  const zeros = new Float32Array(cells);
  for (let r = 0; r < f.height; r++) {
    for (let c = 0; c < f.width; c++) {
      const i = r * f.width + c;
      if (next() < 0.05) continue; // no prediction here
      const favourite = next() < 0.7 ? pattern(f.x0 + (c + 0.5) * f.cellM, f.y0 - (r + 0.5) * f.cellM) : 1 + Math.floor(next() * LCZ_CLASS_COUNT);
      const p = Array.from({ length: LCZ_CLASS_COUNT }, (_, k) => (next() < 0.5 ? 0 : next() * 0.3) + (k + 1 === favourite ? 1 + next() * 3 : 0));
      const sum = p.reduce((s, v) => s + v, 0);
      p.forEach((v, k) => (probabilities[i * LCZ_CLASS_COUNT + k] = v / sum));
      classes[i] = favourite;
      maxProbability[i] = Math.max(...p) / sum;
    }
  }
  return { classes, probabilities, maxProbability, margin: zeros, entropy: zeros, disagreement: null, votes: null };
}

export async function writeResultFixture(dir: string, f: ResultFixture, name: string): Promise<void> {
  const grid: OutputGrid = {
    width: f.width,
    height: f.height,
    geoTransform: [f.x0, f.cellM, 0, f.y0, 0, -f.cellM],
    crs: { epsg: 32633, name: 'WGS 84 / UTM zone 33N', geographic: false, proj4: '+proj=utm +zone=33 +datum=WGS84 +units=m +no_defs' },
    geoKeys: geoKeysForEpsg(32633),
    resolutionM: f.cellM,
    metresPerUnit: 1,
  };
  const maps = fused(f);
  const summary: Omit<ResultSummary, 'files'> = {
    schemaVersion: 1,
    id: `${name}-${f.seed}`,
    name,
    createdAt: new Date().toISOString(),
    createdBy: 'compare tests',
    synthetic: true,
    scene: { path: '/nowhere/scene.tif', name: 'scene.tif', settings: { sensor: 'sentinel-2', bands: ['S2.B2', 'S2.B3', 'S2.B4'], scale: 1e-4, offset: 0 } },
    models: [],
    settings: { resolutionM: f.cellM, tta: false, filter: false, fusion: 'sum-rule' },
    grid: { width: f.width, height: f.height, crs: grid.crs.name, epsg: 32633, geoTransform: [...grid.geoTransform] as ResultSummary['grid']['geoTransform'] },
    stats: { cells: f.width * f.height, predictedCells: 0, patches: 0, seconds: 1, patchesPerSecond: 0, modelShare: 0, engine: 'test', filterChangedCells: null },
    areas: [],
    totalKm2: 0,
    confidence: { meanMaxProbability: 0.5, lowConfidenceShare: 0, meanDisagreement: null },
    accuracy: null,
    modelTrainedOn: 'unknown',
    bandEquivalence: null,
    mostlyUnsure: false,
    poorRecordedAccuracy: false,
    warnings: [],
  };
  await writeResult(dir, { grid, classes: maps.classes, fused: maps, summary, report: () => '# test result\n' });
}
