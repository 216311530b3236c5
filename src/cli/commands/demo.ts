import { InvalidArgumentError, type Command } from 'commander';
import { DEMO_SCENE_CELLS, demoSceneSizeProblem } from '../../shared/contract';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';
import { wholeNumber } from '../whole-number';

function sceneSize(value: string): number {
  const n = wholeNumber(value);
  const problem = demoSceneSizeProblem(n);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return n;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('write a synthetic Sentinel-2 scene of an imaginary city (10 bands, 10 m) and its true LCZ map, to try LCZ Studio without data')
    .requiredOption('--out <dir>', 'folder to write synthetic-city-s2.tif and synthetic-city-truth.tif (+ .qml) in; created if its parent exists')
    .option('--size <cells>', `scene size in 100 m cells (${DEMO_SCENE_CELLS.min}-${DEMO_SCENE_CELLS.max}); the scene has 10 x as many pixels`, sceneSize, 150)
    .option('--seed <n>', 'random seed: the same seed gives the same city', wholeNumber, 42)
    .action(async (options: { out: string; size: number; seed: number }) => {
      const outputs = await runJobFromCli({ kind: 'demo-scene', params: { outDir: resolveOutputPath(options.out, '--out'), size: options.size, seed: options.seed } });
      for (const file of outputs) process.stdout.write(`${file}\n`);
    });
}
