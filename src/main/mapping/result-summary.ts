import { basename } from 'node:path';
import type { BundleManifest } from '../../shared/bundle-manifest';
import type { SceneSettings } from '../../shared/contract/scenes';
import type { ResultDevice } from '../../shared/contract/metis';
import type { Accuracy, MappingSettings, ResultSummary } from '../../shared/contract/results';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import { formatScore, measuresLine } from '../../shared/measures';
import type { ClassificationMetrics } from '../metrics/classification';
import { classAreas } from '../raster/area';
import type { FusedMaps } from './fusion';
import { FUSION_LABEL } from './fusion-choice';
import { honestyOf, type HonestyInput } from './honesty';
import type { SceneMapping } from './map-grid';
import { resultLczMap } from './write-result';

export interface SummaryInput {
  id: string;
  name: string;
  createdBy: string;
  synthetic: boolean;
  scenePath: string;
  settings: SceneSettings;
  models: { dir: string; manifest: BundleManifest }[];
  mappingSettings: MappingSettings;
  mapping: SceneMapping;
  /** The class map as written (after the optional majority filter)... */
  classes: Uint8Array;
  /** ...and its confidence layers (of the drawn class: see drawn-class-confidence.ts). */
  fused: FusedMaps;
  /** Cells whose class the majority filter changed; null without the filter. */
  filterChangedCells: number | null;
  engine: string;
  /** The Metis card the model ran on; null on this machine's CPU. */
  device?: ResultDevice | null;
  accuracy: { truthPath: string; metrics: ClassificationMetrics } | null;
  /** What the honesty flags are made from besides the models and the confidence (honesty.ts); absent: nothing more. */
  checks?: Pick<HonestyInput, 'equivalence' | 'sceneCheck' | 'product'>;
}

function confidenceStats(fused: FusedMaps, classes: Uint8Array): ResultSummary['confidence'] {
  let n = 0;
  let sum = 0;
  let low = 0;
  let dis = 0;
  for (let i = 0; i < classes.length; i++) {
    if (!classes[i]) continue;
    n++;
    sum += fused.maxProbability[i]!;
    if (fused.maxProbability[i]! < 0.5) low++;
    if (fused.disagreement) dis += fused.disagreement[i]!;
  }
  return { meanMaxProbability: n ? sum / n : 0, lowConfidenceShare: n ? low / n : 0, meanDisagreement: fused.disagreement && n ? dis / n : null };
}

export function accuracyOf(truthPath: string, m: ClassificationMetrics): Accuracy {
  return {
    truthPath,
    n: m.n,
    oa: m.oa,
    kappa: m.kappa,
    f1: m.perClass.map((c) => c.f1),
    macroF1: m.macroF1,
    oaUrban: m.oaUrban,
    oaBuiltNatural: m.oaBuiltNatural,
    oaWeighted: m.oaWeighted,
    confusion: m.confusion,
  };
}

/** summary.json of a result, without its file list (writeResult adds it). */
export function resultSummary(input: SummaryInput): Omit<ResultSummary, 'files'> {
  const { mapping, classes } = input;
  const { grid, stats } = mapping;
  const { areas, totalKm2 } = classAreas(resultLczMap(grid, classes, input.name));
  const confidence = confidenceStats(input.fused, classes);
  const honesty = honestyOf({
    syntheticScene: input.synthetic,
    models: input.models.map((m) => m.manifest),
    lowConfidenceShare: confidence.lowConfidenceShare,
    equivalence: input.checks?.equivalence ?? null,
    sceneCheck: input.checks?.sceneCheck ?? null,
    product: input.checks?.product ?? null,
  });
  return {
    schemaVersion: 1,
    id: input.id,
    name: input.name,
    createdAt: new Date().toISOString(),
    createdBy: input.createdBy,
    synthetic: input.synthetic,
    scene: { path: input.scenePath, name: basename(input.scenePath), settings: input.settings },
    models: input.models.map(({ dir, manifest }) => ({
      dir,
      name: manifest.name,
      bands: manifest.bands.map((b) => b.id),
      patchSize: manifest.input.patchSize,
      resolutionM: manifest.input.resolutionM,
      temperature: manifest.temperature,
    })),
    settings: input.mappingSettings,
    grid: { width: grid.width, height: grid.height, crs: grid.crs.name, epsg: grid.crs.epsg, geoTransform: [...grid.geoTransform] as ResultSummary['grid']['geoTransform'] },
    stats: {
      cells: stats.cells,
      predictedCells: stats.predictedCells,
      patches: stats.patches,
      seconds: stats.seconds,
      patchesPerSecond: stats.patches / Math.max(stats.seconds, 1e-6),
      modelShare: Math.min(1, stats.modelWaitSeconds / Math.max(stats.seconds, 1e-6)),
      engine: input.engine,
      filterChangedCells: input.filterChangedCells,
    },
    areas,
    totalKm2,
    confidence,
    accuracy: input.accuracy ? accuracyOf(input.accuracy.truthPath, input.accuracy.metrics) : null,
    ...(input.device ? { device: input.device } : {}),
    ...honesty,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** The majority filter's line of the report: what it changed and what that means for the other layers. */
function filterNote(s: ResultSummary): string {
  if (!s.settings.filter) return 'no';
  const changed = s.stats.filterChangedCells;
  if (changed === null) return 'yes (3 x 3)';
  const share = s.stats.predictedCells ? changed / s.stats.predictedCells : 0;
  return `yes (3 x 3), ${changed.toLocaleString('en-US')} cells (${pct(share)}) changed class; there the class drawn is not the most probable one: the probabilities are the model's, the confidence layers describe the class drawn`;
}

/** report.md: the result in a page a planner can read or attach. */
export function resultReport(s: ResultSummary): string {
  const lines = [
    `# ${s.name}`,
    '',
    s.synthetic ? '> Synthetic demo data: an imaginary city, not a real place.\n' : '',
    ...(s.warnings.length ? ['## Before you use this map', '', ...s.warnings.map((w) => `- **${w}**`), ''] : []),
    `Made ${s.createdAt} by ${s.createdBy} from \`${s.scene.name}\` with ${s.models.length === 1 ? 'the model' : `an ensemble of ${s.models.length} models`} ${s.models.map((m) => `"${m.name}"`).join(', ')}` +
      (s.models.length > 1 ? `, fused by the ${FUSION_LABEL[s.settings.fusion]}.` : '.'),
    '',
    `- Grid: ${s.grid.width} x ${s.grid.height} cells of ${s.settings.resolutionM} m, ${s.grid.crs}`,
    `- Test-time augmentation (flips): ${s.settings.tta ? 'yes' : 'no'}; majority filter: ${filterNote(s)}`,
    `- Cells mapped: ${s.stats.predictedCells.toLocaleString('en-US')} of ${s.stats.cells.toLocaleString('en-US')}; ${Math.round(s.stats.patchesPerSecond)} patches/s on ${s.stats.engine}`,
    ...(s.device ? [`- Run on ${s.device.description}; deployment \`${s.device.deployment}\``] : []),
    `- Mean probability of the class drawn: ${pct(s.confidence.meanMaxProbability)}; cells under 50 %: ${pct(s.confidence.lowConfidenceShare)}` +
      (s.confidence.meanDisagreement !== null ? `; mean member disagreement: ${pct(s.confidence.meanDisagreement)}` : ''),
    '',
  ];
  if (s.accuracy) {
    lines.push(`## Accuracy against \`${basename(s.accuracy.truthPath)}\``, '', `${measuresLine(s.accuracy)} over ${s.accuracy.n.toLocaleString('en-US')} cells.`, '');
  }
  lines.push('## Class areas', '', '| LCZ | class | km² | % |', '|---|---|---:|---:|');
  for (const a of s.areas) {
    const c = LCZ_CLASSES[a.value - 1]!;
    const f1 = s.accuracy?.f1[a.value - 1];
    lines.push(`| ${c.code} | ${c.name}${f1 !== undefined && f1 !== null ? ` (F1 ${formatScore(f1)})` : ''} | ${a.km2.toFixed(2)} | ${a.percent.toFixed(1)} |`);
  }
  lines.push('', '## Files', '', ...Object.entries(s.files).filter(([, f]) => f).map(([k, f]) => `- \`${f}\`: ${FILE_NOTES[k] ?? ''}`), '');
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}

const FILE_NOTES: Record<string, string> = {
  lcz: 'the LCZ map (Byte, 1-17, nodata 0, LCZ colours), a Cloud Optimized GeoTIFF',
  style: 'QGIS style with the LCZ legend',
  probabilities: '17 bands, probability of each LCZ x 10,000 (UInt16, 65535 = no data)',
  confidence: 'max probability, margin between the top two, normalised entropy, each x 10,000',
  disagreement: 'share of ensemble members disagreeing with the fused class, x 10,000',
  summary: 'everything above, machine-readable',
  report: 'this page',
};
