import type { Fusion } from '../../shared/contract/training';
import type { ModelScores } from '../../shared/contract/evaluation';
import { calibration, fitTemperature, softmaxRows } from '../metrics/calibration';
import { addToConfusion, emptyConfusion, metricsFromConfusion } from '../metrics/classification';

const K = 17;

/** Class probabilities (n x 17) and the true class indices of a data set. */
export interface Predictions {
  probabilities: Float32Array;
  labels: Uint8Array;
}

/** log p: logits up to a per-row constant, which softmax ignores, so temperatures fit on it as on the logits. */
export function logProbabilities(p: Float32Array): Float32Array {
  return Float32Array.from(p, (v) => Math.log(Math.max(v, 1e-12)));
}

function argmaxRows(p: Float32Array): Uint8Array {
  const out = new Uint8Array(p.length / K);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let c = 1; c < K; c++) if (p[i * K + c]! > p[i * K + best]!) best = c;
    out[i] = best;
  }
  return out;
}

/** Temperature scaling of probabilities: softmax(log p / T). */
export function withTemperature(p: Float32Array, temperature: number): Float32Array {
  return softmaxRows(logProbabilities(p), K, temperature);
}

/** The temperature that best calibrates these predictions (fitted by NLL; never fit it on the data you score). */
export function temperatureFor(fit: Predictions): number {
  return fitTemperature(logProbabilities(fit.probabilities), fit.labels, K);
}

/**
 * Accuracy and calibration on `test`: `test.probabilities` as the model gives them, `calibrated` after temperature
 * scaling (`temperature` for one model; members calibrated one by one for an ensemble, temperature 1). Classes are
 * the argmax of the calibrated probabilities, as the mapping engine decides them.
 */
export function scoresOf(test: Predictions, calibrated: Float32Array, temperature: number): ModelScores {
  const confusion = emptyConfusion();
  addToConfusion(confusion, Array.from(test.labels, (l) => l + 1), Array.from(argmaxRows(calibrated), (p) => p + 1));
  const m = metricsFromConfusion(confusion);
  return {
    n: m.n,
    oa: m.oa,
    kappa: m.kappa,
    oaUrban: m.oaUrban,
    oaBuiltNatural: m.oaBuiltNatural,
    oaWeighted: m.oaWeighted,
    macroF1: m.macroF1,
    perClass: m.perClass,
    confusion: m.confusion,
    temperature,
    calibrationBefore: calibration(test.probabilities, test.labels, K),
    calibrationAfter: calibration(calibrated, test.labels, K),
  };
}

/**
 * Fuses members' probabilities: the sum rule (mean of the softmax outputs, as the So2Sat ensembles do), or logit
 * averaging (mean of the logits, then softmax: a normalised geometric mean of the probabilities).
 */
export function fuse(members: readonly Float32Array[], fusion: Fusion): Float32Array {
  const n = members[0]!.length;
  const out = new Float32Array(n);
  if (fusion === 'sum-rule') {
    for (const p of members) for (let i = 0; i < n; i++) out[i]! += p[i]! / members.length;
    return out;
  }
  for (const p of members) for (let i = 0; i < n; i++) out[i]! += Math.log(Math.max(p[i]!, 1e-12)) / members.length;
  return softmaxRows(out, K);
}
