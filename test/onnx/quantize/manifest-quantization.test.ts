// The quantization record of a bundle's provenance: optional (manifests written before it stay valid), checked
// field by field with messages that say what is wrong where, and kept through a write and a read.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundle, writeBundle } from '../../../src/main/bundles/bundle-io';
import { parseManifest, validateManifest } from '../../../src/main/bundles/manifest-parse';
import { demoBundlePath } from '../../../src/main/paths';
import { QUANTIZATION_SCHEME, type BundleManifest, type BundleQuantization } from '../../../src/shared/bundle-manifest';
import { makeCnnOnnx, manifestFor } from '../../fixtures/onnx-models';

const temp = mkdtempSync(join(tmpdir(), 'lcz-quantization-manifest-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const record: BundleQuantization = {
  scheme: QUANTIZATION_SCHEME,
  reduceRange: true,
  method: 'percentile',
  percentile: 99.99,
  calibration: { file: '/data/calibration.h5', samples: 256 },
  parent: { name: 'Demo CNN', sha256: 'a'.repeat(64) },
  leftInFloat: ['Mean'],
};
const withQuantization = (quantization: unknown): unknown => {
  const m = manifestFor() as BundleManifest & { provenance: Record<string, unknown> };
  return { ...m, provenance: { ...m.provenance, quantization } };
};
const problem = (quantization: unknown) => {
  try {
    validateManifest(withQuantization(quantization), 'manifest.json');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('the quantization record of a bundle manifest', () => {
  it('is optional: the demo manifest, written before it existed, is still valid', () => {
    const path = join(demoBundlePath(), 'manifest.json');
    expect(parseManifest(readFileSync(path, 'utf8'), path).provenance.quantization).toBeUndefined();
  });

  it('is kept through a write and a read of the bundle', async () => {
    const dir = join(temp, 'int8');
    await writeBundle(dir, withQuantization(record) as BundleManifest, makeCnnOnnx());
    expect((await readBundle(dir)).manifest.provenance.quantization).toEqual(record);
  });

  it('says what is wrong in it, and where', () => {
    expect(problem({ ...record, method: 'minmax' })).toMatch(/provenance\.quantization\.percentile is only for percentile calibration, not minmax/);
    const { percentile: _, ...noPercentile } = record;
    expect(problem(noPercentile)).toMatch(/provenance\.quantization\.percentile is missing \(percentile calibration keeps a share of \|x\|\)/);
    expect(problem({ ...record, parent: { name: 'x', sha256: 'not-a-hash' } })).toMatch(/provenance\.quantization\.parent\.sha256 is not a sha256 \(64 lowercase hex digits\)/);
    expect(problem({ ...record, scheme: 'int4' })).toMatch(/provenance\.quantization\.scheme should be "QDQ int8: weights int8 symmetric per-channel, activations uint8 asymmetric, bias int32", not "int4"/);
    expect(problem({ ...record, method: 'kl' })).toMatch(/provenance\.quantization\.method should be one of "minmax", "percentile", "entropy", not "kl"/);
    expect(problem({ ...record, calibration: { file: 'c.h5', samples: 0 } })).toMatch(/provenance\.quantization\.calibration\.samples should be at least 1, not 0/);
    expect(problem({ ...record, bits: 8 })).toMatch(/provenance\.quantization: unknown key "bits"/);
    expect(problem(record)).toBe('accepted');
  });
});
