import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UserError } from '../../shared/errors';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { runJobFromCli } from '../run-job';
import { wholeNumber } from '../whole-number';

/** A share from 0 to 1 as typed. */
function share(flag: string, low = 0): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d*\.?\d+\s*$/.test(value) || n < low || n > 1) throw new UserError(`${flag} is ${value}; give a number from ${low} to 1`);
    return n;
  };
}

/** `lcz so2sat cut`: So2Sat-format patches from a scene and an LCZ label raster of the same place. */
export function registerSo2SatCut(so2sat: Command): void {
  so2sat
    .command('cut')
    .description('cut So2Sat LCZ42-format patches (32 x 32 at 10 m, the 10 Sentinel-2 bands, one-hot labels) from a scene and an LCZ map of the same place, labels resampled to 100 m cells by mode')
    .requiredOption('--scene <scene.tif>', 'a Sentinel-2 scene whose band mapping names the 10 So2Sat bands (B2-B8A, B11, B12)')
    .requiredOption('--labels <lcz.tif>', 'an LCZ map of the same place (any CRS and encoding; 101-107 read as A-G)')
    .requiredOption('--out <file.h5>', 'the HDF5 file to write (written whole or not at all)')
    .option('--per-class-cap <n>', 'at most this many patches per class, chosen at random (default: all)', wholeNumber)
    .option('--min-purity <share>', "share of a cell's label samples that must be its class; mixed cells below it are dropped", share('--min-purity', 0.5), 0.9)
    .option('--max-cloud <share>', "largest share of a patch's pixels that may look like cloud", share('--max-cloud'), 0.1)
    .option('--seed <n>', 'random seed of the per-class choice', wholeNumber, 1)
    .addOption(new Option('--dtype <type>', 'value type of the datasets (the real files are float64)').choices(['float32', 'float64']).default('float32'))
    .action(async (options: { scene: string; labels: string; out: string; perClassCap?: number; minPurity: number; maxCloud: number; seed: number; dtype: 'float32' | 'float64' }) => {
      if (options.perClassCap === 0) throw new UserError('--per-class-cap is 0; give at least 1 (or leave it out to keep every patch)');
      const scene = resolve(options.scene);
      const { settings } = await request('scenes/settings', { path: scene, overrides: {} });
      const outputs = await runJobFromCli({
        kind: 'so2sat-cut',
        params: {
          scene,
          settings,
          labels: resolve(options.labels),
          out: resolveOutputPath(options.out, '--out'),
          perClassCap: options.perClassCap ?? null,
          minPurity: options.minPurity,
          maxCloud: options.maxCloud,
          seed: options.seed,
          dtype: options.dtype,
        },
      });
      for (const file of outputs) process.stdout.write(`${file}\n`);
    });
}
