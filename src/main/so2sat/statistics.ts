/**
 * Per-band mean and standard deviation of a patch dataset in one streaming pass (a few MB at a time), skipping
 * non-finite values (counted, and the patches holding them). Each block's mean and sum of squared deviations are
 * computed exactly in float64 and merged with Chan's formula, so the result does not drift however many patches
 * there are. The same pass is the check of a run's data: a band with no finite value has no statistics (count 0).
 */
import type { PatchDataset, So2SatFile } from './so2sat-file';

export interface BandStatistics {
  dataset: PatchDataset;
  /** Patches covered: the file's, or the `indices` asked for. */
  patches: number;
  /** Per band: mean and population standard deviation (numpy's std, ddof 0) of the finite values; NaN without any. */
  mean: number[];
  std: number[];
  /** Finite values per band. */
  count: number[];
  /** Non-finite values skipped, all bands. */
  nonFinite: number;
  /** Patches holding at least one non-finite value, and the first of them in file order (null: none). */
  nonFinitePatches: number;
  firstNonFinitePatch: number | null;
}

export interface StatisticsOptions {
  /** Only these patches (sorted, distinct); default: every patch of the file. */
  indices?: Uint32Array;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export async function so2satStatistics(file: So2SatFile, dataset: PatchDataset, options: StatisticsOptions = {}): Promise<BandStatistics> {
  const info = dataset === 'sen2' ? file.layout.sen2 : file.layout.sen1;
  const channels = info?.shape[3] ?? 0;
  const count = new Float64Array(channels);
  const mean = new Float64Array(channels);
  const m2 = new Float64Array(channels);
  const blockCount = new Float64Array(channels);
  const blockSum = new Float64Array(channels);
  const blockM2 = new Float64Array(channels);
  let nonFinite = 0;
  let nonFinitePatches = 0;
  let firstNonFinitePatch: number | null = null;
  const total = options.indices?.length ?? file.patches;
  let done = 0;
  options.onProgress?.(0, total);
  for await (const block of file.stream(dataset, { indices: options.indices, signal: options.signal })) {
    const { values } = block;
    const rowValues = values.length / block.count;
    blockCount.fill(0);
    blockSum.fill(0);
    blockM2.fill(0);
    for (let r = 0; r < block.count; r++) {
      const before = nonFinite;
      for (let i = r * rowValues, end = i + rowValues; i < end; i += channels) {
        for (let c = 0; c < channels; c++) {
          const v = values[i + c]!;
          if (v - v !== 0) {
            nonFinite++;
            continue;
          }
          blockCount[c]!++;
          blockSum[c]! += v;
        }
      }
      if (nonFinite === before) continue;
      nonFinitePatches++;
      // The stream runs in file order: the first met is the first in the file.
      firstNonFinitePatch ??= block.indices ? block.indices[r]! : block.start + r;
    }
    for (let i = 0; i < values.length; i += channels) {
      for (let c = 0; c < channels; c++) {
        const v = values[i + c]!;
        if (v - v !== 0) continue;
        const d = v - blockSum[c]! / blockCount[c]!;
        blockM2[c]! += d * d;
      }
    }
    for (let c = 0; c < channels; c++) {
      const nb = blockCount[c]!;
      if (nb === 0) continue;
      const mb = blockSum[c]! / nb;
      const na = count[c]!;
      const delta = mb - mean[c]!;
      const sum = na + nb;
      mean[c] = mean[c]! + (delta * nb) / sum;
      m2[c] = m2[c]! + blockM2[c]! + (delta * delta * na * nb) / sum;
      count[c] = sum;
    }
    done += block.count;
    options.onProgress?.(done, total);
  }
  return {
    dataset,
    patches: total,
    mean: Array.from(mean, (m, c) => (count[c]! > 0 ? m : NaN)),
    std: Array.from(m2, (v, c) => (count[c]! > 0 ? Math.sqrt(v / count[c]!) : NaN)),
    count: Array.from(count),
    nonFinite,
    nonFinitePatches,
    firstNonFinitePatch,
  };
}
