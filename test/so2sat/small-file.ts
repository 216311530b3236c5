/**
 * Small So2Sat-format files with chosen damage (labels that are not one-hot, NaN or infinite patch values), written
 * by our own HDF5 writer: the bad-input tests that need no h5py.
 */
import { createSo2SatWriter } from '../../src/main/so2sat/so2sat-writer';
import { mulberry32 } from '../../src/main/synthetic/noise';

export interface SmallFileSpec {
  n: number;
  seed?: number;
  sen1?: boolean;
  /** Label rows written as two halves (0.5, 0.5) instead of one-hot. */
  badLabelRows?: number[];
  /** [dataset, flat index, value] put in place of the random value. */
  nonFinite?: ['sen2' | 'sen1', number, number][];
}

/** Patch values like reflectance (0-0.6), classes 1-17 in turn; every patch of a class a little brighter. */
export async function writeSmallSo2Sat(path: string, spec: SmallFileSpec): Promise<{ sen2: Float32Array; sen1: Float32Array | null }> {
  const { n } = spec;
  const random = mulberry32(spec.seed ?? 1);
  const sen2 = Float32Array.from({ length: n * 10240 }, (_, i) => 0.6 * random() * (0.5 + (Math.floor(i / 10240) % 17) / 34));
  const sen1 = spec.sen1 ? Float32Array.from({ length: n * 8192 }, () => random() - 0.5) : null;
  const label = new Float32Array(n * 17);
  for (let i = 0; i < n; i++) {
    if (spec.badLabelRows?.includes(i)) {
      label[i * 17] = 0.5;
      label[i * 17 + 1] = 0.5;
    } else label[i * 17 + (i % 17)] = 1;
  }
  for (const [dataset, index, value] of spec.nonFinite ?? []) (dataset === 'sen2' ? sen2 : sen1!)[index] = value;
  const writer = await createSo2SatWriter(path, { patches: n, dtype: 'float32', sen1: spec.sen1 });
  writer.append({ sen2, label, ...(sen1 ? { sen1 } : {}) }, n);
  await writer.finish();
  return { sen2, sen1 };
}
