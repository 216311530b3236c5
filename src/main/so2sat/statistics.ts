/**
 * Per-band mean and standard deviation of a patch dataset in one streaming pass (a few MB at a time), skipping
 * non-finite values (counted). Each block's mean and sum of squared deviations are computed exactly in float64
 * and merged with Chan's formula, so the result does not drift however many patches there are.
 */
import type { PatchDataset, So2SatFile } from './so2sat-file';

export interface BandStatistics {
  dataset: PatchDataset;
  patches: number;
  /** Per band: mean and population standard deviation (numpy's std, ddof 0) of the finite values. */
  mean: number[];
  std: number[];
  /** Finite values per band. */
  count: number[];
  /** Non-finite values skipped, all bands. */
  nonFinite: number;
}

export interface StatisticsOptions {
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
  options.onProgress?.(0, file.patches);
  for await (const block of file.stream(dataset, { signal: options.signal })) {
    const { values } = block;
    blockCount.fill(0);
    blockSum.fill(0);
    blockM2.fill(0);
    for (let i = 0; i < values.length; i += channels) {
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
      const total = na + nb;
      mean[c] = mean[c]! + (delta * nb) / total;
      m2[c] = m2[c]! + blockM2[c]! + (delta * delta * na * nb) / total;
      count[c] = total;
    }
    options.onProgress?.(block.start + block.count, file.patches);
  }
  return {
    dataset,
    patches: file.patches,
    mean: Array.from(mean, (m, c) => (count[c]! > 0 ? m : NaN)),
    std: Array.from(m2, (v, c) => (count[c]! > 0 ? Math.sqrt(v / count[c]!) : NaN)),
    count: Array.from(count),
    nonFinite,
  };
}
