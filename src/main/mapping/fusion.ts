import type { Fusion } from '../../shared/contract/training';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';

/**
 * Fuses the members of an ensemble by the sum rule (the mean of their softmax probabilities, then argmax), as in
 * the So2Sat LCZ42 ensembles, or by logit averaging (the mean of their log-probabilities, then softmax: what averaging
 * the logits gives), and remembers each member's own vote to measure how much they disagree.
 * Probabilities are kept over the 17 LCZ values, whatever subset or order a member outputs.
 */
export class EnsembleFusion {
  /** cells x 17, summed over members. */
  readonly sum: Float32Array;
  /** Per member, its own class per cell (0 = not predicted). */
  readonly votes: Uint8Array[];
  /** How many members predicted each cell (a member skips cells whose footprint is mostly no data). */
  readonly counts: Uint8Array;

  constructor(
    readonly cells: number,
    readonly members: number,
    readonly fusion: Fusion = 'sum-rule',
  ) {
    this.sum = new Float32Array(cells * LCZ_CLASS_COUNT);
    this.votes = Array.from({ length: members }, () => new Uint8Array(cells));
    this.counts = new Uint8Array(cells);
  }

  /**
   * Adds one member's probabilities for some cells: probs is n x K (member output order), classes maps output
   * index to LCZ value, views > 1 averages that many consecutive rows per cell (test-time augmentation).
   */
  add(member: number, cellIndices: ArrayLike<number>, probs: Float32Array, classes: readonly number[], views: number): void {
    const k = classes.length;
    const votes = this.votes[member]!;
    const scratch = new Float32Array(LCZ_CLASS_COUNT);
    for (let i = 0; i < cellIndices.length; i++) {
      scratch.fill(0);
      for (let v = 0; v < views; v++) {
        const row = (i * views + v) * k;
        for (let j = 0; j < k; j++) scratch[classes[j]! - 1]! += probs[row + j]! / views;
      }
      const cell = cellIndices[i]!;
      const base = cell * LCZ_CLASS_COUNT;
      let best = 0;
      const logs = this.fusion === 'logit-average';
      for (let c = 0; c < LCZ_CLASS_COUNT; c++) {
        this.sum[base + c]! += logs ? Math.log(Math.max(scratch[c]!, 1e-12)) : scratch[c]!;
        if (scratch[c]! > scratch[best]!) best = c;
      }
      votes[cell] = best + 1;
      this.counts[cell]!++;
    }
  }
}

/** The per-cell products of a fused prediction. */
export interface FusedMaps {
  /** 0 = no data, 1-17 = LCZ. */
  classes: Uint8Array;
  /** cells x 17 mean probabilities (0 where no data). */
  probabilities: Float32Array;
  maxProbability: Float32Array;
  /** Top probability minus the second: small when the model hesitates between two classes. */
  margin: Float32Array;
  /** Entropy of the 17 probabilities divided by ln 17: 0 = certain, 1 = uniform. */
  entropy: Float32Array;
  /** Share of members whose own class differs from the fused one (ensembles only). */
  disagreement: Float32Array | null;
  /** Each member's own class per cell, 0 where it made no prediction (ensembles only). */
  votes: readonly Uint8Array[] | null;
}

const LN_K = Math.log(LCZ_CLASS_COUNT);

/** Finishes the fusion: mean probabilities, class, confidence measures; cells no member predicted stay no data. */
export function finishFusion(fusion: EnsembleFusion): FusedMaps {
  const { cells, counts } = fusion;
  const probabilities = fusion.sum;
  const classes = new Uint8Array(cells);
  const maxProbability = new Float32Array(cells);
  const margin = new Float32Array(cells);
  const entropy = new Float32Array(cells);
  const disagreement = fusion.members > 1 ? new Float32Array(cells) : null;
  for (let cell = 0; cell < cells; cell++) {
    const base = cell * LCZ_CLASS_COUNT;
    const members = counts[cell]!;
    if (members === 0) {
      probabilities.fill(0, base, base + LCZ_CLASS_COUNT);
      continue;
    }
    if (fusion.fusion === 'logit-average') softmaxInPlace(probabilities, base, members);
    else for (let c = 0; c < LCZ_CLASS_COUNT; c++) probabilities[base + c]! /= members;
    let first = 0;
    let second = 0;
    let best = 0;
    let h = 0;
    for (let c = 0; c < LCZ_CLASS_COUNT; c++) {
      const p = probabilities[base + c]!;
      if (p > first) {
        second = first;
        first = p;
        best = c;
      } else if (p > second) second = p;
      if (p > 0) h -= p * Math.log(p);
    }
    classes[cell] = best + 1;
    maxProbability[cell] = first;
    margin[cell] = first - second;
    entropy[cell] = Math.min(1, h / LN_K);
    if (disagreement) {
      let differ = 0;
      for (const votes of fusion.votes) if (votes[cell] !== 0 && votes[cell] !== best + 1) differ++;
      disagreement[cell] = differ / members;
    }
  }
  return { classes, probabilities, maxProbability, margin, entropy, disagreement, votes: disagreement ? fusion.votes : null };
}

/** Softmax of the mean log-probabilities at values[base .. base + 17), in place. */
function softmaxInPlace(values: Float32Array, base: number, members: number): void {
  let max = -Infinity;
  for (let c = 0; c < LCZ_CLASS_COUNT; c++) max = Math.max(max, values[base + c]! / members);
  let sum = 0;
  for (let c = 0; c < LCZ_CLASS_COUNT; c++) sum += values[base + c] = Math.exp(values[base + c]! / members - max);
  for (let c = 0; c < LCZ_CLASS_COUNT; c++) values[base + c]! /= sum;
}
