/**
 * Verifies a deployment on the card: held-out patches run on the card (through the runtime helper), on the CPU with
 * ONNX Runtime in float32, and with the bundle's int8 QDQ sibling when there is one; then the overall accuracy of
 * each against the labels, how often the card agrees with the CPU (and with int8), and the largest difference of any
 * class probability between the card and the CPU. Probabilities are the bundle's: softmax(logits / T).
 */
import type { Verification } from '../../../shared/contract/metis';
import type { Bundle } from '../../bundles/bundle-io';
import { calibrate, ClassifierSession } from '../../onnx/classifier-session';
import { rowArgmax } from '../../train/member-input';
import type { RunnerClient } from '../sdk/runner-client';
import { NO_LABEL, type HeldOutPatches } from './held-out';

const CHUNK = 256;

async function sessionProbabilities(bundle: Bundle, data: HeldOutPatches): Promise<Float32Array> {
  const session = await ClassifierSession.open(bundle, { threads: 2 });
  try {
    return await session.run(data.patches, data.n);
  } finally {
    await session.dispose();
  }
}

async function cardProbabilities(bundle: Bundle, runner: RunnerClient, data: HeldOutPatches, signal?: AbortSignal): Promise<Float32Array> {
  const k = bundle.manifest.classes.length;
  const per = data.patches.length / data.n;
  const out = new Float32Array(data.n * k);
  for (let start = 0; start < data.n; start += CHUNK) {
    signal?.throwIfAborted();
    const n = Math.min(CHUNK, data.n - start);
    const scores = await runner.run(data.patches.subarray(start * per, (start + n) * per), n);
    calibrate(scores, k, bundle.manifest.output.kind, bundle.manifest.temperature, out.subarray(start * k, (start + n) * k));
  }
  return out;
}

/** Overall accuracy over the labelled patches; null when none is labelled. */
function accuracy(predicted: Uint8Array, labels: Uint8Array | null, classes: readonly number[]): number | null {
  let right = 0;
  let labelled = 0;
  predicted.forEach((p, i) => {
    if (!labels || labels[i] === NO_LABEL) return;
    labelled++;
    right += classes[p] === labels[i]! + 1 ? 1 : 0;
  });
  return labelled > 0 ? right / labelled : null;
}

function agreement(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  a.forEach((v, i) => (same += v === b[i] ? 1 : 0));
  return same / a.length;
}

export interface VerifyRequest {
  bundle: Bundle;
  int8Bundle: Bundle | null;
  runner: RunnerClient;
  data: HeldOutPatches;
  /** Where the patches come from, in words. */
  source: string;
  /** Simulator only: what the simulated card ran. */
  simulatedModel: string | null;
  simulated: boolean;
  signal?: AbortSignal;
}

export async function verifyStep(r: VerifyRequest): Promise<Verification> {
  const k = r.bundle.manifest.classes.length;
  const classes = r.bundle.manifest.classes;
  const cpu = await sessionProbabilities(r.bundle, r.data);
  const int8 = r.int8Bundle ? await sessionProbabilities(r.int8Bundle, r.data) : null;
  const device = await cardProbabilities(r.bundle, r.runner, r.data, r.signal);
  const [cpuClass, deviceClass] = [rowArgmax(cpu, k), rowArgmax(device, k)];
  const int8Class = int8 ? rowArgmax(int8, k) : null;
  let worst = 0;
  for (let i = 0; i < device.length; i++) worst = Math.max(worst, Math.abs(device[i]! - cpu[i]!));
  return {
    patches: r.data.n,
    data: r.source,
    labelledPatches: r.data.labels ? r.data.labels.reduce((n, l) => n + (l === NO_LABEL ? 0 : 1), 0) : 0,
    accuracy: {
      cpu: accuracy(cpuClass, r.data.labels, classes),
      int8: int8Class ? accuracy(int8Class, r.data.labels, classes) : null,
      device: accuracy(deviceClass, r.data.labels, classes),
    },
    agreementWithCpu: agreement(deviceClass, cpuClass),
    agreementWithInt8: int8Class ? agreement(deviceClass, int8Class) : null,
    maxProbabilityDifference: worst,
    simulatedModel: r.simulated ? r.simulatedModel : null,
    simulated: r.simulated,
  };
}
