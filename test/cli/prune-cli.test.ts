// `lcz prune` on a bundle trained by `lcz train`: found with its training checkpoint, pruned in TensorFlow.js,
// fine-tuned, exported; the pruned bundle has the parameters and multiply-accumulates it reports (checked against the
// onnx package's own counts), passes the ONNX checker and maps the synthetic city. Bad input: a ratio outside (0, 1),
// fine-tuning asked for a bundle with no checkpoint; one line each, nothing written.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleManifestSchema } from '../../src/shared/bundle-manifest';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { lczCli, REPO_ROOT } from '../helpers/lcz-cli';
import { onnxCheckerFailures } from '../helpers/onnx-checker';
import { pythonMissing } from '../helpers/python';
import { referenceCosts } from './model-cost-reference';

const temp = mkdtempSync(join(tmpdir(), 'lcz-prune-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const lcz = lczCli({ cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 300_000 });
const at = (name: string) => join(temp, name);
const DEMO_BUNDLE = join(REPO_ROOT, 'resources', 'demo', 'bundle');

beforeAll(async () => {
  await writeSyntheticSo2Sat(at('train.h5'), { patches: 500, seed: 11 });
  const train = lcz('train', '--train', 'train.h5', '--member', 'tiny-cnn:all:1:2', '--epochs', '1', '--batch', '32', '--lr', '3e-3', '--out', 'run');
  expect(train.status, train.stderr).toBe(0);
  const demo = lcz('demo', '--out', 'demo', '--size', '20');
  expect(demo.status, demo.stderr).toBe(0);
}, 240_000);

describe('lcz prune', () => {
  it('prunes a trained bundle from its checkpoint, fine-tunes it, and writes a smaller bundle that maps the synthetic city', { timeout: 240_000 }, async () => {
    const run = lcz('prune', '--bundle', 'run/bundles/1', '--ratio', '0.5', '--train', 'train.h5', '--finetune-epochs', '1', '--batch', '32', '--lr', '1e-3', '--out', 'pruned');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(at('pruned'));
    const manifest = bundleManifestSchema.parse(JSON.parse(readFileSync(at('pruned/manifest.json'), 'utf8')));
    const p = manifest.provenance.pruning!;
    expect(p.source).toBe('checkpoint');
    expect(p.finetune).toEqual({ epochs: 1, data: at('train.h5'), learningRate: 1e-3, loss: 'cross-entropy' });
    // tiny-cnn at width 2 has 16, 32 and 64 filters: each layer halves, to the model the zoo builds at width 1.
    expect(p.layers).toEqual([
      { name: 'conv1', filters: 16, kept: 8 },
      { name: 'conv2', filters: 32, kept: 16 },
      { name: 'conv3', filters: 64, kept: 32 },
    ]);
    expect(p.parent.name).toBe(bundleManifestSchema.parse(JSON.parse(readFileSync(at('run/bundles/1/manifest.json'), 'utf8'))).name);
    expect(manifest.ensemble).toBeUndefined(); // no longer a member of the run's ensemble
    // The report: what the manifest records, as the command printed it.
    expect(run.stderr).toMatch(new RegExp(`parameters +${p.before.parameters.toLocaleString('en-US')} +${p.after.parameters.toLocaleString('en-US')}`));
    expect(run.stderr).toMatch(new RegExp(`MACs +${p.before.macs.toLocaleString('en-US')} +${p.after.macs.toLocaleString('en-US')}`));
    expect(p.after.bytes).toBe(readFileSync(at('pruned/model.onnx')).length);
    expect(p.before.bytes).toBe(readFileSync(at('run/bundles/1/model.onnx')).length);
    if (!pythonMissing('onnx')) {
      const [parent, pruned] = referenceCosts(at('run/bundles/1/model.onnx'), at('pruned/model.onnx'));
      expect(p.before).toMatchObject(parent!);
      expect(p.after).toMatchObject(pruned!);
      expect(pruned!.parameters).toBeLessThan(parent!.parameters / 3);
      expect(pruned!.macs).toBeLessThan(parent!.macs / 2);
      expect(await onnxCheckerFailures([at('pruned/model.onnx')])).toEqual([]);
    }
    const map = lcz('map', '--scene', 'demo/synthetic-city-s2.tif', '--model', 'pruned', '--out', 'mapped');
    expect(map.status, map.stderr).toBe(0);
    expect(map.stderr).toMatch(/mapped 400 cells .*OA \d+\.\d %/);
    expect(existsSync(at('mapped/lcz.tif'))).toBe(true);
  });

  it('refuses a ratio outside (0, 1) with one line, before any work', () => {
    for (const ratio of ['0', '1.5']) {
      const run = lcz('prune', '--bundle', 'run/bundles/1', '--ratio', ratio, '--train', 'train.h5', '--out', `bad-${ratio}`);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(`lcz: --ratio ${Number(ratio)}: the pruning ratio is ${Number(ratio)}; it is the share of filters removed: give a number above 0 and below 1 (for example 0.5)\n`);
      expect(existsSync(at(`bad-${ratio}`))).toBe(false);
    }
  });

  it('refuses to fine-tune a bundle that has no training checkpoint, saying it can be pruned without', () => {
    const run = lcz('prune', '--bundle', DEMO_BUNDLE, '--ratio', '0.3', '--train', 'train.h5', '--finetune-epochs', '2', '--out', 'demo-pruned');
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(
      `lcz: ${DEMO_BUNDLE}: has no training checkpoint to fine-tune from (its manifest names no training run (it was imported, or made by pruning or quantization)); its ONNX graph can be pruned without fine-tuning: give --finetune-epochs 0`,
    );
    expect(existsSync(at('demo-pruned'))).toBe(false);
    expect(readFileSync(at('run/run.json'), 'utf8')).toContain('"state": "done"'); // the run was only read
  });
});
