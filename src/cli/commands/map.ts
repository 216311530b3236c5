import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SENSORS, isBandId, type Sensor } from '../../shared/bands';
import type { Fusion, SceneSettings } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { demoBundlePath } from '../../main/paths';
import { DEFAULT_SCALE_RULE } from '../../main/scenes/scene-settings';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';

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

/**
 * The scene's settings: saved in the workspace, else read from the file, then whatever the flags say. --sensor reads
 * the file's band names again as that sensor's (B2 is green on Landsat 7, blue on Landsat 8), unless --bands names
 * them outright.
 */
async function sceneSettings(scenePath: string, options: MapOptions): Promise<SceneSettings> {
  const { readSceneFile } = await import('../../main/scenes/scene-file');
  const { settingsFromFile } = await import('../../main/scenes/scene-settings');
  const { SceneSettingsStore } = await import('../../main/workspace/scene-settings-store');
  const { Workspace } = await import('../../main/workspace/workspace');
  const scene = await readSceneFile(scenePath);
  const workspace = await Workspace.open();
  const saved = await new SceneSettingsStore(workspace.sceneSettingsFile).get(scenePath);
  const fromFile = settingsFromFile(scene, options.sensor ?? null);
  const usable = saved && saved.bands.length === scene.bandCount ? saved : null;
  const base = usable ?? fromFile.settings;
  const settings: SceneSettings = {
    sensor: options.sensor ?? base.sensor,
    bands: options.bands ? parseBands(options.bands, scene.bandCount, scenePath) : options.sensor ? fromFile.settings.bands : base.bands,
    scale: options.scale ?? base.scale,
    offset: options.offset ?? base.offset,
  };
  if (!options.bands && (options.sensor || !usable) && fromFile.origin === 'guessed') {
    process.stderr.write(`lcz: the band mapping of ${scenePath} is a guess (${settings.bands.map((b) => b ?? '-').join(',')}); pass --bands to set it\n`);
  }
  return settings;
}

export function registerMap(program: Command): void {
  program
    .command('map')
    .description('map the Local Climate Zones of a scene with a model bundle (or an ensemble): LCZ map, probabilities, confidence, summary')
    .requiredOption('--scene <scene.tif>', 'a multispectral GeoTIFF (Sentinel-2 or Landsat)')
    .option('--model <bundle>', 'a model bundle folder; repeat for an ensemble (default: the demo bundle)', collect, [])
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
    .action(async (options: MapOptions) => {
      const scene = resolve(options.scene);
      const outDir = resolveOutputPath(options.out, '--out');
      const settings = await sceneSettings(scene, options);
      const truth = options.truth ? resolve(options.truth) : (await demoTruth(scene));
      const files = await runJobFromCli({
        kind: 'map',
        params: {
          scene,
          settings,
          bundles: options.model.length ? options.model.map((m) => resolve(m)) : [demoBundlePath()],
          outDir,
          resolutionM: options.resolution,
          tta: Boolean(options.tta),
          filter: Boolean(options.filter),
          ...(options.fusion ? { fusion: FUSION_OF[options.fusion] } : {}),
          truth,
          ...(options.name ? { name: options.name } : {}),
        },
      });
      for (const file of files) process.stdout.write(`${file}\n`);
      const { readSummary } = await import('../../main/api/results-service');
      const summary = await readSummary(outDir);
      const accuracy = summary.accuracy ? `, OA ${(100 * summary.accuracy.oa).toFixed(1)} % (kappa ${summary.accuracy.kappa.toFixed(3)}) against ${summary.accuracy.truthPath}` : '';
      const fused = summary.models.length > 1 ? `, ${summary.models.length} models fused by ${summary.settings.fusion}` : '';
      const filtered = summary.stats.filterChangedCells !== null ? `; the majority filter changed ${summary.stats.filterChangedCells} cells (their confidence is of the class drawn)` : '';
      process.stderr.write(`lcz: mapped ${summary.stats.predictedCells} cells in ${summary.stats.seconds.toFixed(1)} s (${Math.round(summary.stats.patchesPerSecond)} patches/s)${fused}${accuracy}${filtered}\n`);
    });
}

/**
 * The synthetic demo scene names its own truth; any other scene has none unless --truth gives one. A demo scene
 * copied without its truth is still mapped, without accuracy (and the user is told why).
 */
async function demoTruth(scene: string): Promise<string | null> {
  const { readSceneFile } = await import('../../main/scenes/scene-file');
  const file = await readSceneFile(scene);
  const name = file.metadata.LCZ_TRUTH;
  if (!name) return null;
  const path = resolve(scene, '..', name);
  if (existsSync(path)) return path;
  process.stderr.write(`lcz: ${scene} names its true LCZ map ${name}, which is not beside it (${path}); mapping without accuracy (pass --truth to give it)\n`);
  return null;
}
