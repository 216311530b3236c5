// `lcz compare-models` on the teacher (the demo bundle), a student trained by `lcz train`, the student int8 and the
// student pruned, on the same synthetic test data: every figure of --json and of report.json is computed again here
// from the predictions the report stores, with numpy, scikit-learn and scipy, and from the ONNX files with the onnx
// package.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelComparisonSchema, type ComparisonEntry } from '../../src/shared/contract/model-comparison';
import { writeSyntheticSo2Sat } from '../../src/main/so2sat/synth/synthetic-dataset';
import { lczCli, REPO_ROOT } from '../helpers/lcz-cli';
import { pythonJson, pythonMissing } from '../helpers/python';
import { referenceCosts } from './model-cost-reference';

const temp = mkdtempSync(join(tmpdir(), 'lcz-compare-models-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const lcz = lczCli({ cwd: temp, workspace: join(temp, 'workspace'), timeoutMs: 300_000 });
const at = (name: string) => join(temp, name);
const TEACHER = join(REPO_ROOT, 'resources', 'demo', 'bundle');

/** Per model, from the stored predictions: what the report says, computed by the reference libraries. */
const REFERENCE = `
import json, sys, numpy as np
from scipy.stats import binomtest, chi2
from sklearn.metrics import cohen_kappa_score, f1_score
folder = sys.argv[1]
report = json.load(open(folder + '/report.json'))
y = np.load(folder + '/' + report['labels'])
def ece(p, bins=15):
    conf = p.max(1); right = p.argmax(1) == y
    b = np.clip(np.ceil(conf * bins) - 1, 0, bins - 1)
    return float(sum(abs(right[b == k].mean() - conf[b == k].mean()) * (b == k).sum() for k in range(bins) if (b == k).any()) / len(y))
first = None
out = []
for m in report['models']:
    p = np.load(folder + '/' + m['probabilities']).astype(np.float64)
    pred = p.argmax(1)
    t = m['scores']['temperature']
    z = np.log(np.maximum(p, 1e-12)) / t
    q = np.exp(z - z.max(1, keepdims=True)); q /= q.sum(1, keepdims=True)
    if first is None: first = pred
    b = int(((first == y) & (pred != y)).sum()); c = int(((pred == y) & (first != y)).sum())
    if b + c == 0: pval = 1.0
    elif b + c < 25: pval = float(binomtest(min(b, c), b + c, 0.5).pvalue)
    else: pval = float(chi2.sf(max(0, abs(b - c) - 1) ** 2 / (b + c), 1))
    present = sorted(set(y.tolist()) | set(pred.tolist()))
    f1 = f1_score(y, pred, labels=present, average=None, zero_division=0)
    out.append({'oa': float((pred == y).mean()), 'kappa': float(cohen_kappa_score(y, pred)), 'eceBefore': ece(p), 'ece': ece(q),
                'agreement': float((pred == first).mean()), 'b': b, 'c': c, 'p': pval, 'f1': {int(k) + 1: float(v) for k, v in zip(present, f1)}, 'n': int(len(y))})
print(json.dumps(out))
`;

beforeAll(async () => {
  await writeSyntheticSo2Sat(at('train.h5'), { patches: 500, seed: 11 });
  await writeSyntheticSo2Sat(at('test.h5'), { patches: 300, seed: 12 });
  const train = lcz('train', '--train', 'train.h5', '--member', 'tiny-cnn:all:1:2', '--epochs', '1', '--batch', '32', '--lr', '3e-3', '--out', 'run');
  expect(train.status, train.stderr).toBe(0);
  for (const args of [
    ['quantize', '--bundle', 'run/bundles/1', '--calibration', 'train.h5', '--samples', '64', '--out', 'int8'],
    ['prune', '--bundle', 'run/bundles/1', '--ratio', '0.5', '--train', 'train.h5', '--finetune-epochs', '0', '--out', 'pruned'],
  ]) {
    const run = lcz(...args);
    expect(run.status, run.stderr).toBe(0);
  }
}, 300_000);

describe('lcz compare-models', () => {
  it('reports teacher, student, int8 and pruned on the same data, figures that numpy, scikit-learn and onnx agree with', { timeout: 240_000 }, () => {
    const bundles = [TEACHER, at('run/bundles/1'), at('int8'), at('pruned')];
    const run = lcz('compare-models', ...bundles.flatMap((b) => ['--bundle', b]), '--test', 'test.h5', '--rounds', '3', '--batches', '1', '--out', 'report', '--json');
    expect(run.status, run.stderr).toBe(0);
    const entries = JSON.parse(run.stdout) as ComparisonEntry[];
    const report = modelComparisonSchema.parse(JSON.parse(readFileSync(at('report/report.json'), 'utf8')));
    expect(entries.map((e) => e.bundle)).toEqual(bundles);
    expect(entries.map((e) => e.kind)).toEqual(['model', 'model', 'int8', 'pruned']);
    expect(report.patches).toBe(300);
    expect(report.models.map((m) => m.rounds.length)).toEqual([3, 3, 3, 3]);
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(['agreement', 'bundle', 'bytes', 'ece', 'eceBefore', 'kappa', 'kind', 'macs', 'mcnemarP', 'name', 'oa', 'params', 'patchesPerSecond'].sort());

    if (pythonMissing('numpy', 'scipy', 'sklearn', 'onnx')) return;
    const reference = pythonJson<{ oa: number; kappa: number; eceBefore: number; ece: number; agreement: number; b: number; c: number; p: number; f1: Record<number, number>; n: number }[]>(REFERENCE, undefined, at('report'));
    const costs = referenceCosts(...bundles.map((b) => join(b, 'model.onnx')));
    entries.forEach((e, k) => {
      const ref = reference[k]!;
      const model = report.models[k]!;
      expect(e.oa, e.name).toBeCloseTo(ref.oa, 10);
      expect(e.kappa, e.name).toBeCloseTo(ref.kappa, 8);
      expect(e.eceBefore, e.name).toBeCloseTo(ref.eceBefore, 5);
      expect(e.ece, e.name).toBeCloseTo(ref.ece, 5);
      expect(e.agreement, e.name).toBeCloseTo(ref.agreement, 10);
      if (k === 0) expect(model.mcnemar).toBeNull();
      else {
        expect(model.mcnemar).toMatchObject({ b: ref.b, c: ref.c });
        expect(e.mcnemarP, e.name).toBeCloseTo(ref.p, 5);
      }
      for (const [lcz, f1] of Object.entries(ref.f1)) expect(model.scores.perClass[Number(lcz) - 1]!.f1 ?? 0, `${e.name} F1 of LCZ ${lcz}`).toBeCloseTo(f1, 10);
      expect(model.scores.n).toBe(ref.n);
      expect({ parameters: e.params, macs: e.macs }).toEqual(costs[k]);
      expect(e.bytes).toBe(statSync(join(bundles[k]!, 'model.onnx')).size);
      expect(e.patchesPerSecond).toBeGreaterThan(0);
    });
    // Compression shows where it should: int8 weights a quarter of the bytes, the pruned student fewer MACs.
    expect(report.models[2]!.cost.weightBytes).toBeLessThan(report.models[1]!.cost.weightBytes / 3);
    expect(entries[3]!.macs).toBeLessThan(entries[1]!.macs / 2);
    // The plot's data: one point per model.
    expect(report.plot.accuracyVsThroughput).toEqual(report.models.map((m) => ({ name: m.name, x: m.patchesPerSecond, y: m.scores.oa })));
    expect(report.plot.accuracyVsSize).toEqual(report.models.map((m) => ({ name: m.name, x: m.cost.bytes, y: m.scores.oa })));
  });

  it('prints a table without --json and leaves no report behind without --out', { timeout: 120_000 }, () => {
    const run = lcz('compare-models', '--bundle', TEACHER, '--bundle', 'int8', '--test', 'test.h5', '--rounds', '1', '--batches', '1');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Compared on .*test\.h5 \(300 patches\)/);
    expect(run.stdout).toMatch(/int8 +\d+\.\d %/);
    expect(run.stdout).toMatch(/median of 1 interleaved rounds of 1 batches of 256/);
  });

  it('refuses a report folder that holds something, before any work', () => {
    const run = lcz('compare-models', '--bundle', TEACHER, '--test', 'test.h5', '--out', 'run');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/run: this folder exists and is not empty; LCZ Studio will not replace it: choose a new folder\n$/);
  });
});
