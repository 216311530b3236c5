/**
 * Throughput of several models in ONNX Runtime on this machine, measured so that they can be compared: the same
 * batches (each model's own view of the same patches), in rounds where the models take turns batch by batch, the
 * first of each turn rotating, so that the drift of a shared machine (other jobs, frequency scaling, a warm cache)
 * falls on all of them alike. Each model's figure is the median over the rounds; the rounds are kept too.
 */
import type { ClassifierSession } from '../onnx/classifier-session';

export interface TimedModel {
  session: ClassifierSession;
  /** The batches it runs each round, laid out and normalised as it reads them. */
  batches: { data: Float32Array; n: number }[];
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Patches per second of each model in each round ([model][round]), after one untimed warm-up batch each. */
export async function interleavedThroughput(models: readonly TimedModel[], rounds: number, signal?: AbortSignal, onRound?: (done: number) => void): Promise<number[][]> {
  for (const m of models) await m.session.run(m.batches[0]!.data, m.batches[0]!.n);
  const batches = Math.min(...models.map((m) => m.batches.length));
  const perRound = models.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    signal?.throwIfAborted();
    const seconds = models.map(() => 0);
    const patches = models.map(() => 0);
    for (let k = 0; k < batches; k++) {
      for (let turn = 0; turn < models.length; turn++) {
        const i = (round + k + turn) % models.length;
        const { data, n } = models[i]!.batches[k]!;
        const started = performance.now();
        await models[i]!.session.run(data, n);
        seconds[i]! += (performance.now() - started) / 1000;
        patches[i]! += n;
      }
    }
    models.forEach((_, i) => perRound[i]!.push(patches[i]! / Math.max(seconds[i]!, 1e-9)));
    onRound?.(round + 1);
  }
  return perRound;
}
