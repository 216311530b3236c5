// An ensemble shares the machine: its members are loaded one after another into one model thread, and a member's
// batches have all come back before the next member is loaded, so the cores run one model at a time (with all the
// threads) and memory holds one model and one set of batches, however many members there are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SO2SAT_S2_BANDS } from '../../src/shared/bands';
import type { SceneSettings } from '../../src/shared/contract';
import { readBundle, type Bundle } from '../../src/main/bundles/bundle-io';
import type { PatchClassifier } from '../../src/main/mapping/batch-runner';
import { mapGrid } from '../../src/main/mapping/map-grid';
import { outputGrid } from '../../src/main/mapping/output-grid';
import { ClassifierSession } from '../../src/main/onnx/classifier-session';
import { ClassifierWorker } from '../../src/main/onnx/classifier-worker';
import { SceneReader } from '../../src/main/scenes/scene-reader';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { randomBundle } from '../helpers/bundles';

const SETTINGS: SceneSettings = { sensor: 'sentinel-2', bands: [...SO2SAT_S2_BANDS], scale: 1e-4, offset: 0 };

describe('an ensemble on one model thread', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-ensemble-passes-'));
  let scene: string;
  const bundles: Bundle[] = [];

  beforeAll(async () => {
    ({ scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 6, size: 16 }));
    // Members of different patch sizes and band sets, as ensembles of several runs are.
    bundles.push(await readBundle(await randomBundle(join(temp, 'a'), { seed: 1, widths: [8] })));
    bundles.push(await readBundle(await randomBundle(join(temp, 'b'), { seed: 2, widths: [8], patchSize: 16 })));
    bundles.push(await readBundle(await randomBundle(join(temp, 'c'), { seed: 3, widths: [8], bandIds: ['S2.B4', 'S2.B3', 'S2.B2'] })));
  }, 60_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('loads each member after the previous one has finished, and runs one model at a time', async () => {
    const events: string[] = [];
    let running = new Set<number>();
    let overlaps = 0;
    let model: ClassifierWorker | null = null;
    const reader = await SceneReader.open(scene);
    try {
      const mapping = await mapGrid({
        reader,
        grid: outputGrid(reader.scene, 100),
        settings: SETTINGS,
        members: bundles.map((b) => ({ dir: b.dir, manifest: b.manifest })),
        loadModel: async (_member, index): Promise<PatchClassifier> => {
          if (running.size > 0) overlaps++; // a run of the previous member is still out
          events.push(`load ${index}`);
          if (model) await model.load(bundles[index]!);
          else model = await ClassifierWorker.open(bundles[index]!, { threads: 2 });
          const worker = model;
          return {
            lend: async (batch, n) => {
              running.add(index);
              if (running.size > 1) overlaps++;
              events.push(`run ${index}`);
              try {
                return await worker.lend(batch, n);
              } finally {
                running.delete(index);
              }
            },
          };
        },
        tta: true,
        batchCells: 16, // many batches per member, several in flight at once
      });
      expect(mapping.stats.predictedCells).toBe(16 * 16);
    } finally {
      running = new Set();
      await (model as ClassifierWorker | null)?.dispose();
      await reader.close();
    }
    expect(overlaps).toBe(0);
    // Members in order, each loaded once, each with its own batches (16 x 16 cells in batches of 16: 16 each).
    const loads = events.filter((e) => e.startsWith('load'));
    expect(loads).toEqual(['load 0', 'load 1', 'load 2']);
    const order = events.map((e) => Number(e.split(' ')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const m of [0, 1, 2]) expect(events.filter((e) => e === `run ${m}`).length).toBe(16);
  });

  it('a thread that loads another model gives what a fresh session of that model gives', async () => {
    const batch = Float32Array.from({ length: 4 * 10 * 16 * 16 }, (_, i) => Math.sin(i));
    const fresh = await ClassifierSession.open(bundles[1]!);
    const expected = await fresh.run(batch, 4);
    await fresh.dispose();
    const worker = await ClassifierWorker.open(bundles[0]!, { threads: 1 });
    try {
      await worker.load(bundles[1]!);
      expect(await worker.run(batch, 4)).toEqual(expected);
      // And a model that cannot load names its file.
      await expect(worker.load({ ...bundles[1]!, modelPath: join(temp, 'missing.onnx') })).rejects.toThrow(/missing\.onnx/);
    } finally {
      await worker.dispose();
    }
  });
});
