/**
 * The generator's classifier: a random forest on the cell features, assessed by bootstrap (bootstrap.ts), then
 * trained on every area and run over every valid cell of the grid.
 */
import type { AreasMapParams } from '../../shared/contract/areas';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { EnsembleFusion, finishFusion } from '../mapping/fusion';
import type { MappingContext } from '../mapping/map-scene';
import { bootstrap, gatherRows, labelledCells } from './bootstrap';
import type { ClassifiedScene } from './classified-scene';
import type { PreparedAreas } from './prepare-areas';
import { RandomForest } from './random-forest';

const ALL_CLASSES = Array.from({ length: LCZ_CLASS_COUNT }, (_, i) => i + 1);

export function forestMap(prepared: PreparedAreas, params: AreasMapParams, runs: number, ctx: MappingContext): ClassifiedScene {
  const { signal } = ctx;
  const { grid, features } = prepared;
  const forest = { trees: params.trees, maxDepth: params.maxDepth, seed: params.seed };
  const assessed = bootstrap(features.table, prepared.areas, {
    runs,
    forest,
    seed: params.seed,
    signal,
    onRun: (done, total) => ctx.progress({ stage: 'Bootstrap', done, total }),
  });

  ctx.progress({ stage: 'Training the final model and mapping', done: 0, total: 1 });
  const started = performance.now();
  const all = labelledCells(prepared.areas);
  const model = RandomForest.train(gatherRows(features.table, all.cells), all.labels, forest);
  signal.throwIfAborted();
  const cells = grid.width * grid.height;
  const validCells = Int32Array.from({ length: cells }, (_, i) => i).filter((i) => features.valid[i] === 1);
  const fusion = new EnsembleFusion(cells, 1);
  fusion.add(0, validCells, model.predictProbabilities(gatherRows(features.table, validCells)), ALL_CLASSES, 1);
  const seconds = (performance.now() - started) / 1000;
  return {
    assessed,
    raw: finishFusion(fusion),
    stats: { cells, predictedCells: validCells.length, patches: validCells.length, seconds, modelWaitSeconds: seconds },
    features: features.names,
    trainingCells: all.cells.length,
    model: {
      kind: 'forest',
      name: `Random forest (${params.trees} trees) on ${prepared.areas.length} training areas`,
      bands: params.settings.bands.filter((b): b is string => b !== null),
      patchSize: 1,
      resolutionM: params.resolutionM,
    },
    engine: `random forest of ${params.trees} trees on ${features.names.length} cell features (LCZ Studio)`,
    cnn: null,
    extras: () => Promise.resolve([]),
  };
}
