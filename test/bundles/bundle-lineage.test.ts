import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleManifestSchema, QUANTIZATION_SCHEME, type BundleManifest } from '../../src/shared/bundle-manifest';
import { bundleLineage } from '../../src/shared/bundle-lineage';

// The demo bundle's real manifest, given each provenance the compression steps write (checked by the manifest schema).
const demo = bundleManifestSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/demo/bundle/manifest.json'), 'utf8')));
const sha = 'a'.repeat(64);
const withProvenance = (extra: Partial<BundleManifest['provenance']>) => bundleManifestSchema.parse({ ...demo, provenance: { ...demo.provenance, ...extra } });

const distillation = { teacher: [{ name: 'member-1', sha256: sha }, { name: 'member-2', sha256: sha }], temperature: 3, alpha: 0.7, fusion: 'logits' as const, preset: 'tiny' };
const quantization = { scheme: QUANTIZATION_SCHEME as typeof QUANTIZATION_SCHEME, reduceRange: true, method: 'percentile' as const, percentile: 99.99, calibration: { file: '/data/so2sat/training.h5', samples: 256 }, parent: { name: 'Tiny student', sha256: sha }, leftInFloat: ['Mean'] };
const figures = { parameters: 1000, macs: 5000, bytes: 4000, oa: 0.5 };
const pruning = {
  method: 'filter-l1' as const, ratio: 0.5, scope: 'layer' as const, source: 'checkpoint' as const, removed: 0.5, layers: [{ name: 'conv1', filters: 16, kept: 8 }],
  keptWhole: [], finetune: { epochs: 1, data: 'train.h5', learningRate: 2e-4, loss: 'cross-entropy' as const }, parent: { name: 'Tiny student', sha256: sha },
  before: figures, after: { ...figures, parameters: 400 }, accuracyData: 'validation',
};

describe('bundleLineage', () => {
  it('calls a plain bundle a model, with no parent', () => {
    expect(bundleLineage(demo)).toEqual({ kind: 'model', parent: null, detail: null });
  });

  it('names a student by its teacher and distillation settings', () => {
    expect(bundleLineage(withProvenance({ distillation }))).toEqual({ kind: 'student', parent: null, detail: 'distilled from 2 teacher bundles: T 3, alpha 0.7, mean of logits' });
    const one = withProvenance({ distillation: { ...distillation, teacher: [distillation.teacher[0]!], fusion: 'probabilities' } });
    expect(bundleLineage(one).detail).toBe('distilled from "member-1": T 3, alpha 0.7, mean of probabilities');
  });

  it('names an int8 bundle by its parent and calibration, and what stayed in float', () => {
    expect(bundleLineage(withProvenance({ distillation, quantization }))).toEqual({
      kind: 'int8',
      parent: 'Tiny student',
      detail: 'int8 of "Tiny student": percentile (99.99 %) calibration on 256 patches of training.h5; left in float: Mean',
    });
  });

  it('names a pruned bundle by its parent, the share of filters and the fine-tuning', () => {
    expect(bundleLineage(withProvenance({ pruning }))).toEqual({
      kind: 'pruned',
      parent: 'Tiny student',
      detail: 'pruned from "Tiny student": 50 % of the filters removed (in each layer), fine-tuned 1 epoch',
    });
    expect(bundleLineage(withProvenance({ pruning: { ...pruning, scope: 'global', finetune: null } })).detail).toMatch(/across the model\), not fine-tuned$/);
  });

  it('says when a pruned bundle was fine-tuned with a teacher, and with which settings', () => {
    const lastEpoch = { hardLoss: 1.2, softLoss: 0.4, valHardLoss: 1.3, valSoftLoss: 0.5, valAgreement: 0.8 };
    const distillation = { teacher: [{ name: 'Teacher A', sha256: sha }], temperature: 3, alpha: 0.7, fusion: 'logits' as const, preset: null };
    const taught = { ...pruning.finetune, loss: 'distillation' as const, distillation, lastEpoch };
    expect(bundleLineage(withProvenance({ pruning: { ...pruning, finetune: taught } })).detail).toBe('pruned from "Tiny student": 50 % of the filters removed (in each layer), fine-tuned 1 epoch with the teacher "Teacher A" (T 3, alpha 0.7)');
    const two = { ...taught, distillation: { ...distillation, teacher: [distillation.teacher[0]!, { name: 'Teacher B', sha256: sha }], alpha: 0.5 } };
    expect(bundleLineage(withProvenance({ pruning: { ...pruning, finetune: two } })).detail).toMatch(/fine-tuned 1 epoch with a teacher of 2 bundles \(T 3, alpha 0\.5\)$/);
  });
});
