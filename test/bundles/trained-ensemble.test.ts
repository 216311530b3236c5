// The members a training run exports record their ensemble and its fusion rule, and mapping with them fuses them by
// that rule unless told otherwise: the map then agrees with the ensemble accuracy the run reported.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultSummary, SceneSettings } from '../../src/shared/contract';
import { SO2SAT_S2_BANDS } from '../../src/shared/bands';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { demoBundlePath } from '../../src/main/paths';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { outputsOf, runJob } from '../helpers/jobs';

const SETTINGS: SceneSettings = { sensor: 'sentinel-2', bands: [...SO2SAT_S2_BANDS], scale: 1e-4, offset: 0 };

describe('bundles of a trained ensemble', () => {
  const temp = mkdtempSync(join(tmpdir(), 'lcz-trained-ensemble-'));
  const data = join(temp, 'synthetic.h5');
  let scene: string;
  beforeAll(async () => {
    await writeSyntheticSo2Sat(data, { patches: 300, seed: 5 });
    ({ scenePath: scene } = await writeDemoScene(join(temp, 'scene'), { seed: 5, size: 12 }));
  }, 120_000);
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('record the run, the member and the fusion rule, and are fused by that rule when mapped', async () => {
    const runDir = join(temp, 'run');
    const outputs = outputsOf(
      await runJob({
        kind: 'train',
        params: { train: data, members: [{ arch: 'tiny-cnn', seed: 1 }, { arch: 'tiny-cnn', seed: 2 }], epochs: 1, batchSize: 32, maxPatches: 200, fusion: 'logit-average', runDir, name: 'two teachers' },
      }),
    );
    const dirs = outputs.filter((o) => o.includes('bundles'));
    expect(dirs).toHaveLength(2);
    const run = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { id: string };
    for (const [k, dir] of dirs.entries()) {
      const { manifest } = await readBundle(dir);
      expect(manifest.ensemble).toEqual({ run: run.id, runName: 'two teachers', members: 2, member: k + 1, fusion: 'logit-average' });
      // What the Mapping tab shows of a model names its data by file, not by where it lay (here a temporary folder);
      // the path stays in the provenance's source.
      expect(manifest.provenance.method).toMatch(/^Trained by LCZ Studio on synthetic\.h5: /);
      expect(`${manifest.description} ${manifest.provenance.method}`).not.toContain(temp);
      expect(manifest.provenance.source).toBe(data);
    }

    const outDir = join(temp, 'map');
    outputsOf(await runJob({ kind: 'map', params: { scene, settings: SETTINGS, bundles: dirs, outDir, resolutionM: 100, tta: false, filter: false, truth: null } }));
    const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as ResultSummary;
    expect(summary.settings.fusion).toBe('logit-average');
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toMatch(/fused by the logit average/);
    // Told otherwise, the mapping fuses by the rule it is given.
    const sumDir = join(temp, 'map-sum');
    outputsOf(await runJob({ kind: 'map', params: { scene, settings: SETTINGS, bundles: dirs, outDir: sumDir, resolutionM: 100, tta: false, filter: false, fusion: 'sum-rule', truth: null } }));
    expect((JSON.parse(readFileSync(join(sumDir, 'summary.json'), 'utf8')) as ResultSummary).settings.fusion).toBe('sum-rule');
  }, 300_000);

  it('of the demo name no temporary folder where the app shows them', async () => {
    const { manifest } = await readBundle(demoBundlePath());
    expect(`${manifest.description} ${manifest.provenance.method}`).not.toMatch(/\/tmp\/|lcz-demo-bundle-/);
  });
});
