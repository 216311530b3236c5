/**
 * Makes resources/demo/bundle, the model the embedded demo maps the synthetic city with, by LCZ Studio's own
 * training engine:
 *   1. synthetic So2Sat LCZ42-format data is cut from synthetic cities (not the demo city: its seed is kept out);
 *   2. a Sen2LCZ-Net (width 0.5) is trained on it with TensorFlow.js (the engine and settings of `lcz train`),
 *      evaluated on held-out patches and calibrated by temperature scaling;
 *   3. its bundle is written here, and the demo city (seed 42) is mapped with it to measure the accuracy a user of
 *      the demo will see.
 * Run: npx tsx scripts/make-demo-bundle.ts   (about 15-25 minutes on 2 cores)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainParamsSchema } from '../src/shared/contract/training';
import { readBundle, writeBundle } from '../src/main/bundles/bundle-io';
import { JobManager } from '../src/main/jobs/job-manager';
import { readSummary } from '../src/main/mapping/read-summary';
import { writeSyntheticSo2Sat } from '../src/main/so2sat/synth/synthetic-dataset';
import { writeDemoScene } from '../src/main/synthetic/demo-scene';
import { RunStore } from '../src/main/train/run-store';
import { trainRun } from '../src/main/train/train-run';

const root = resolve(import.meta.dirname, '..');
const OUT = join(root, 'resources', 'demo', 'bundle');
const PATCHES = 16_000;
const DATA_SEED = 7;
const DEMO_CITY_SEED = 42;

const temp = mkdtempSync(join(tmpdir(), 'lcz-demo-bundle-'));
try {
  const data = join(temp, 'synthetic-so2sat.h5');
  console.log(`cutting ${PATCHES} synthetic So2Sat patches…`);
  await writeSyntheticSo2Sat(data, { patches: PATCHES, seed: DATA_SEED });

  const runDir = join(temp, 'run');
  const params = trainParamsSchema.parse({
    train: data,
    members: [{ arch: 'sen2lcz-net', inputs: 'all', seed: 1, width: 0.5 }],
    epochs: 15,
    batchSize: 64,
    learningRate: 2e-3,
    normalisation: 'file',
    validationShare: 0.1,
    name: 'Demo: Sen2LCZ-Net on synthetic cities',
    runDir,
  });
  let last = '';
  await trainRun(runDir, params, {
    signal: new AbortController().signal,
    warn: (m) => console.warn(m),
    progress: (p) => {
      if (p.stage !== last) console.log(`${p.stage}${p.metrics?.loss !== undefined ? '' : '…'}`);
      last = p.stage;
    },
  });
  const status = await new RunStore(runDir).read();
  const evaluation = await new RunStore(runDir).readEvaluation();
  const scores = evaluation!.members[0]!.scores;
  for (const h of status.members[0]!.history) console.log(`epoch ${h.epoch}: loss ${h.loss.toFixed(3)}, val accuracy ${(100 * h.valAccuracy).toFixed(1)} %, ${Math.round(h.samplesPerSecond)} samples/s`);
  console.log(`held-out patches: OA ${(100 * scores.oa).toFixed(1)} %, ECE ${(100 * scores.calibrationBefore.ece).toFixed(1)} % -> ${(100 * scores.calibrationAfter.ece).toFixed(1)} % (T ${scores.temperature.toFixed(2)})`);

  // The demo city, as the app's demo maps it: the accuracy a user will see.
  const trained = await readBundle(status.members[0]!.bundle!);
  const demo = await writeDemoScene(join(temp, 'demo'), { seed: DEMO_CITY_SEED });
  const jobs = new JobManager();
  const mapped = join(temp, 'mapped');
  const record = await jobs.wait(
    jobs.start({
      kind: 'map',
      params: {
        scene: demo.scenePath,
        settings: { sensor: 'sentinel-2', bands: trained.manifest.bands.map((b) => b.id), scale: 1e-4, offset: 0 },
        bundles: [trained.dir],
        outDir: mapped,
        truth: demo.truthPath,
      },
    }),
  );
  if (record.state !== 'succeeded') throw new Error(`mapping the demo city failed: ${record.state === 'failed' ? record.reason : record.state}`);
  const demoAccuracy = (await readSummary(mapped)).accuracy!;
  console.log(`demo city (seed ${DEMO_CITY_SEED}): OA ${(100 * demoAccuracy.oa).toFixed(1)} %, kappa ${demoAccuracy.kappa.toFixed(3)}`);

  const { manifest } = trained;
  await writeBundle(
    OUT,
    {
      ...manifest,
      name: 'Demo CNN (Sen2LCZ-Net, trained on synthetic cities)',
      description:
        'Trained by LCZ Studio on synthetic So2Sat-format patches of synthetic cities: it has never seen a real scene. It maps the synthetic demo city; for a real city, train or import a model.',
      provenance: { ...manifest.provenance, reproduce: 'npx tsx scripts/make-demo-bundle.ts', source: `synthetic So2Sat data (${PATCHES} patches, seed ${DATA_SEED})` },
      metrics: { ...manifest.metrics, syntheticDemoCityOA: demoAccuracy.oa, syntheticDemoCityKappa: demoAccuracy.kappa },
    },
    new Uint8Array(readFileSync(trained.modelPath)),
  );
  console.log(`wrote ${OUT}`);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
