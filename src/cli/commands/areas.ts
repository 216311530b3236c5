import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { AreasAccuracy, AreasCheck, ResolvedSceneSettings } from '../../shared/contract';
import { areasCnnSettingsSchema, DEFAULT_BOOTSTRAP_RUNS } from '../../shared/contract/areas';
import { ARCH_IDS, type ArchId } from '../../shared/architectures';
import { UserError } from '../../shared/errors';
import { LCZ_CLASSES } from '../../shared/lcz-classes';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { createProgressReporter } from '../progress-bar';
import { runJobFromCli } from '../run-job';
import { wholeNumber } from '../whole-number';

const code = (lcz: number) => LCZ_CLASSES[lcz - 1]!.code;

function formatCheck(check: AreasCheck): string {
  const lines = ['LCZ  class                  areas   cells'];
  for (const c of check.classes) lines.push(`${code(c.lcz).padEnd(4)} ${LCZ_CLASSES[c.lcz - 1]!.name.padEnd(22)} ${String(c.areas).padStart(5)} ${String(c.cells).padStart(7)}`);
  lines.push('');
  for (const p of check.problems) lines.push(`${p.severity}: ${p.message}`);
  lines.push(check.canTrain ? 'The areas can be trained on.' : 'The areas cannot be trained on until the errors above are fixed.');
  return `${lines.join('\n')}\n`;
}

/** The scene's settings as the core resolves them (as lcz map does), said when the band mapping is a guess. */
async function sceneSettings(scene: string): Promise<ResolvedSceneSettings> {
  const resolved = await request('scenes/settings', { path: scene, overrides: {} });
  if (resolved.bandsOrigin === 'guessed') process.stderr.write(`lcz: the band mapping of ${scene} is a guess (${resolved.settings.bands.map((b) => b ?? '-').join(',')})\n`);
  return resolved;
}

/** `areas map --json`: the bootstrap figures per run, the mean F1 per class, the suspicious areas, the result. */
function mapJson(record: AreasAccuracy, dir: string) {
  return {
    bootstrap: { oa: record.runs.map((r) => r.oa), oaU: record.runs.map((r) => r.oaU), oaBU: record.runs.map((r) => r.oaBU), oaW: record.runs.map((r) => r.oaW) },
    f1: record.meanF1,
    suspicious: record.suspicious,
    result: dir,
  };
}

function mean(values: readonly (number | null)[]): string {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? `${((100 * v.reduce((a, b) => a + b, 0)) / v.length).toFixed(1)} %` : '-';
}

interface MapOptions {
  areas: string;
  scene: string;
  out: string;
  classifier: 'rf' | 'cnn';
  trees: number;
  bootstrap?: number;
  fromBundle?: string;
  epochs?: number;
  arch?: ArchId;
  maxDepth?: number;
  seed: number;
  resolution: number;
  extent: 'scene' | 'areas';
  truth?: string;
  name?: string;
  json?: boolean;
}

export function registerAreas(program: Command): void {
  const areas = program.command('areas').description('training areas (the WUDAPT workflow): check them over a scene, map the scene from them');

  areas
    .command('check')
    .description('the checks before training: classes and polygons per class, areas off the scene or over no data, overlaps, tiny or huge areas, the extent')
    .requiredOption('--areas <file>', 'training areas: KML/KMZ in the WUDAPT template, GeoJSON, or a zipped shapefile')
    .requiredOption('--scene <scene.tif>', 'the scene they are drawn over')
    .option('--resolution <metres>', 'output cell size in metres', Number, 100)
    .option('--json', 'print one JSON object: {"classes", "problems", "canTrain"}')
    .action(async (options: { areas: string; scene: string; resolution: number; json?: boolean }) => {
      const { areas: list } = await request('areas/import', { path: resolve(options.areas) });
      const controller = new AbortController();
      const reporter = options.json ? null : createProgressReporter();
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      try {
        const check = await request('areas/check', { areas: list, scene: resolve(options.scene), resolutionM: options.resolution }, { signal: controller.signal, onProgress: (p) => reporter?.update(p) });
        reporter?.stop();
        process.stdout.write(options.json ? `${JSON.stringify(check)}\n` : formatCheck(check));
        if (!check.canTrain) process.exitCode = 1;
      } finally {
        reporter?.stop();
        process.off('SIGINT', onInterrupt);
      }
    });

  areas
    .command('map')
    .description('train a random forest (or a CNN) on training areas, assess it by bootstrap (70/30 by polygon) and map the scene: a result folder like lcz map\'s, with the bootstrap figures')
    .requiredOption('--areas <file>', 'training areas: KML/KMZ in the WUDAPT template, GeoJSON, or a zipped shapefile')
    .requiredOption('--scene <scene.tif>', 'the scene to map')
    .requiredOption('--out <dir>', 'the result folder: new or empty (created), or an earlier result, replaced only when the run completes')
    .addOption(new Option('--classifier <kind>', 'rf (random forest on cell features) or cnn (a zoo CNN trained on So2Sat-format patches cut from the areas)').choices(['rf', 'cnn']).default('rf'))
    .option('--trees <n>', 'trees in the forest', wholeNumber, 30)
    .option('--bootstrap <runs>', `bootstrap runs of the accuracy assessment (0: none; default ${DEFAULT_BOOTSTRAP_RUNS.rf} for rf, ${DEFAULT_BOOTSTRAP_RUNS.cnn} for cnn: each run trains a CNN anew)`, wholeNumber)
    .option('--from-bundle <dir>', 'cnn: fine-tune this bundle of a training run (its bands must be bands of the scene) instead of training from scratch')
    .option('--epochs <n>', `cnn: training epochs (default ${areasCnnSettingsSchema.parse({}).epochs})`, wholeNumber)
    .addOption(new Option('--arch <id>', `cnn: the zoo architecture to train from scratch (default ${areasCnnSettingsSchema.parse({}).arch})`).choices([...ARCH_IDS]))
    .option('--max-depth <n>', 'deepest split of a tree (default: grown to purity)', wholeNumber)
    .option('--seed <n>', 'random seed: the same seed gives the same splits and trees', wholeNumber, 1)
    .option('--resolution <metres>', 'output cell size in metres', Number, 100)
    .addOption(new Option('--extent <extent>', "what to map: the whole scene, or the areas' bounds plus 15 km").choices(['scene', 'areas']).default('scene'))
    .option('--truth <lcz.tif>', 'a reference LCZ map: report the accuracy of the map against it')
    .option('--name <name>', 'the name of the result')
    .option('--json', 'print one JSON object: {"bootstrap": {"oa", "oaU", "oaBU", "oaW"}, "f1", "suspicious", "result"}')
    .action(async (options: MapOptions) => {
      const cnnOnly = (['fromBundle', 'epochs', 'arch'] as const).filter((k) => options[k] !== undefined);
      if (options.classifier !== 'cnn' && cnnOnly.length) throw new UserError(`--${cnnOnly.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', --')} ${cnnOnly.length === 1 ? 'is' : 'are'} for --classifier cnn`);
      if (options.epochs === 0) throw new UserError('--epochs must be at least 1');
      if (options.fromBundle && options.arch) throw new UserError('--arch is for a CNN trained from scratch; a fine-tuned one keeps the architecture of --from-bundle');
      const areasPath = resolve(options.areas);
      const scene = resolve(options.scene);
      const outDir = resolveOutputPath(options.out, '--out');
      await request('areas/import', { path: areasPath }); // a bad file is said now, before a job starts
      const resolved = await sceneSettings(scene);
      const truth = options.truth ? resolve(options.truth) : resolved.truth?.exists ? resolved.truth.path : null;
      const files = await runJobFromCli({
        kind: 'areas-map',
        params: {
          areas: areasPath,
          scene,
          settings: resolved.settings,
          outDir,
          classifier: options.classifier,
          trees: options.trees,
          ...(options.bootstrap === undefined ? {} : { bootstrap: options.bootstrap }),
          ...(options.classifier === 'cnn'
            ? {
                cnn: areasCnnSettingsSchema.parse({
                  ...(options.fromBundle ? { fromBundle: resolve(options.fromBundle) } : {}),
                  ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
                  ...(options.arch ? { arch: options.arch } : {}),
                }),
              }
            : {}),
          maxDepth: options.maxDepth ?? null,
          seed: options.seed,
          resolutionM: options.resolution,
          extent: options.extent,
          truth,
          ...(options.name ? { name: options.name } : {}),
        },
      });
      const record = await request('areas/result', { dir: outDir });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(mapJson(record, outDir))}\n`);
        return;
      }
      for (const file of files) process.stdout.write(`${file}\n`);
      const summary = await request('results/summary', { dir: outDir });
      const accuracy = summary.accuracy ? `; OA ${(100 * summary.accuracy.oa).toFixed(1)} % against ${summary.accuracy.truthPath}` : '';
      const boot = record.runs.length ? `bootstrap (${record.runs.length} runs) OA ${mean(record.runs.map((r) => r.oa))}, OA_u ${mean(record.runs.map((r) => r.oaU))}, OA_bu ${mean(record.runs.map((r) => r.oaBU))}, OA_w ${mean(record.runs.map((r) => r.oaW))}` : 'no bootstrap';
      const by = record.cnn ? `a CNN (${record.cnn.arch}${record.cnn.fromBundle ? `, fine-tuned from ${record.cnn.fromBundle.dir}` : ''}) trained on ${record.trainingCells} patches` : `a random forest trained on ${record.trainingCells} cells`;
      process.stderr.write(`lcz: mapped ${summary.stats.predictedCells} cells with ${by}; ${boot}; ${record.suspicious.length} suspicious areas${accuracy}\n`);
      if (record.cnn) process.stderr.write(`lcz: ${record.cnn.note}\n`);
    });
}
