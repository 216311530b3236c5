import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SENSORS, isBandId, type Sensor } from '../../shared/bands';
import type { Fusion, ResolvedSceneSettings, ResultSummary, SceneSettingsOverrides } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { demoBundlePath } from '../../main/paths';
import { DEFAULT_SCALE_RULE } from '../../main/scenes/default-scale';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { runJobFromCli } from '../run-job';
import { AOI_HELP, BAND_EQUIVALENCE_HELP, parseAoi, warningLines } from './map-scene-flags';
import { mappingDevice } from './metis-device';

interface MapOptions {
  scene: string;
  model: string[];
  out: string;
  resolution: number;
  tta?: boolean;
  filter?: boolean;
  bands?: string;
  sensor?: Sensor;
  scale?: number;
  offset?: number;
  truth?: string;
  name?: string;
  fusion?: (typeof FUSION_CHOICES)[number];
  device: 'cpu' | 'metis';
  deployment?: string;
  aoi?: string;
  bandEquivalence?: boolean;
}

/** --fusion's words: "sum" as the literature says it, "sum-rule" as lcz train and evaluate-model spell it. */
const FUSION_CHOICES = ['sum', 'sum-rule', 'logit-average'] as const;
const FUSION_OF: Record<(typeof FUSION_CHOICES)[number], Fusion> = { sum: 'sum-rule', 'sum-rule': 'sum-rule', 'logit-average': 'logit-average' };

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseBands(text: string, bandCount: number, scene: string): (string | null)[] {
  const ids = text.split(',').map((s) => s.trim());
  if (ids.length !== bandCount) throw new UserError(`--bands names ${ids.length} bands but the scene has ${bandCount}; give one id per band ("-" for a band no model uses)`, scene);
  return ids.map((id) => {
    if (id === '-' || id === '') return null;
    if (!isBandId(id)) throw new UserError(`--bands: "${id}" is not a band id (Sentinel-2: S2.B2 ... S2.B12, Landsat 7: L7.B1 ..., Landsat 8: L8.B1 ...)`);
    return id;
  });
}

/** The flags that say what the scene's settings are (the core resolves them over the saved ones, or the file's). */
async function overridesFrom(scenePath: string, options: MapOptions): Promise<SceneSettingsOverrides> {
  // --bands names each band of the file: its count is checked against the file's here, to say so in flags.
  const bands = options.bands ? parseBands(options.bands, (await request('rasters/probe', { path: scenePath })).bandCount, scenePath) : undefined;
  return { sensor: options.sensor, bands, scale: options.scale, offset: options.offset, ...(options.aoi !== undefined ? { aoi: parseAoi(options.aoi) } : {}) };
}

/** The scene's settings as the core resolves them (as the app does when it opens the scene), said when a guess. */
async function sceneSettings(scenePath: string, options: MapOptions): Promise<ResolvedSceneSettings> {
  const resolved = await request('scenes/settings', { path: scenePath, overrides: await overridesFrom(scenePath, options) });
  if (resolved.bandsOrigin === 'guessed') {
    process.stderr.write(`lcz: the band mapping of ${scenePath} is a guess (${resolved.settings.bands.map((b) => b ?? '-').join(',')}); pass --bands or --sensor to set it\n`);
  }
  return resolved;
}

/**
 * The synthetic demo scene names its own truth; any other scene has none unless --truth gives one. A demo scene
 * copied without its truth is still mapped, without accuracy (and the user is told why).
 */
function demoTruth({ path, truth }: ResolvedSceneSettings): string | null {
  if (!truth || truth.exists) return truth?.path ?? null;
  process.stderr.write(`lcz: ${path} names its true LCZ map ${truth.name}, which is not beside it (${truth.path}); mapping without accuracy (pass --truth to give it)\n`);
  return null;
}

/** The one line after a mapping: how fast, the ensemble, the accuracy, what the filter changed. */
function summaryLine(summary: ResultSummary): string {
  const accuracy = summary.accuracy ? `, OA ${(100 * summary.accuracy.oa).toFixed(1)} % (kappa ${summary.accuracy.kappa.toFixed(3)}) against ${summary.accuracy.truthPath}` : '';
  const fused = summary.models.length > 1 ? `, ${summary.models.length} models fused by ${summary.settings.fusion}` : '';
  const filtered = summary.stats.filterChangedCells !== null ? `; the majority filter changed ${summary.stats.filterChangedCells} cells (their confidence is of the class drawn)` : '';
  const card = summary.device ? ` on ${summary.device.description}` : '';
  return `lcz: mapped ${summary.stats.predictedCells} cells in ${summary.stats.seconds.toFixed(1)} s (${Math.round(summary.stats.patchesPerSecond)} patches/s)${card}${fused}${accuracy}${filtered}\n`;
}

export function registerMap(program: Command): void {
  program
    .command('map')
    .description('map the Local Climate Zones of a scene with a model bundle (or an ensemble): LCZ map, probabilities, confidence, summary')
    .requiredOption('--scene <scene>', 'a multispectral GeoTIFF, a Sentinel-2 L2A/L1C product (.zip or .SAFE folder) or a Landsat Collection 2 Level-2 product (.tar or folder)')
    .addOption(new Option('--model <bundle>', 'a model bundle folder; repeat for an ensemble').argParser(collect).default([], 'the demo bundle'))
    .addOption(
      new Option('--fusion <rule>', 'how an ensemble is fused: sum (mean of probabilities) or logit-average (default: the rule the bundles record for the ensemble they were trained in, when they agree; else sum)').choices([
        ...FUSION_CHOICES,
      ]),
    )
    .requiredOption('--out <dir>', 'the result folder: a new or empty folder (created), or an earlier result, replaced only when the run completes; another folder is refused')
    .option('--resolution <metres>', 'output cell size in metres', Number, 100)
    .option('--tta', 'test-time augmentation: also classify flipped patches and average')
    .option('--filter', 'apply a 3 x 3 majority filter to the class map')
    .option('--bands <ids>', 'what each band of the scene is, comma-separated, "-" for unused (e.g. S2.B2,S2.B3,S2.B4,...)')
    .addOption(new Option('--sensor <sensor>', "the sensor: the scene's band names are read as its bands").choices([...SENSORS]))
    .option('--scale <factor>', `reflectance = DN x scale + offset (default: ${DEFAULT_SCALE_RULE})`, Number)
    .option('--offset <value>', 'see --scale', Number)
    .option('--truth <lcz.tif>', 'a reference LCZ map: report the accuracy of the result against it')
    .option('--name <name>', 'the name of the result')
    .addOption(new Option('--device <device>', 'where the model runs: cpu (ONNX Runtime), or metis (an Axelera Metis card, through a deployment of the model: lcz metis deploy)').choices(['cpu', 'metis']).default('cpu'))
    .option('--deployment <dir>', 'with --device metis: the deployment to run (default: the newest deployment of the model)')
    .option('--aoi <w,s,e,n>', AOI_HELP)
    .option('--band-equivalence', BAND_EQUIVALENCE_HELP)
    .action(async (options: MapOptions) => {
      const scene = resolve(options.scene);
      const outDir = resolveOutputPath(options.out, '--out');
      const resolved = await sceneSettings(scene, options);
      const truth = options.truth ? resolve(options.truth) : demoTruth(resolved);
      const bundles = options.model.length ? options.model.map((m) => resolve(m)) : [demoBundlePath()];
      const device = await mappingDevice(options.device, bundles, options.deployment);
      const files = await runJobFromCli({
        kind: 'map',
        params: {
          scene,
          settings: resolved.settings,
          bundles,
          outDir,
          resolutionM: options.resolution,
          tta: Boolean(options.tta),
          filter: Boolean(options.filter),
          ...(options.fusion ? { fusion: FUSION_OF[options.fusion] } : {}),
          truth,
          ...(options.name ? { name: options.name } : {}),
          ...(device ? { device } : {}),
          bandEquivalence: Boolean(options.bandEquivalence),
        },
      });
      for (const file of files) process.stdout.write(`${file}\n`);
      const summary = await request('results/summary', { dir: outDir });
      process.stderr.write(summaryLine(summary) + warningLines(summary));
    });
}
