import { mixSeed, shuffleRange } from './epoch-order';
import { mulberry32 } from '../synthetic/noise';

export interface SplitOptions {
  seed: number;
  /** Share of the patches for validation, 0 to 1. */
  validationFraction: number;
  /** Class (1-17) of each patch (So2SatFile.labels.classOf): each class is split in the same proportion. Class 0 (an invalid label) goes nowhere. */
  stratifyBy?: Uint8Array;
  /**
   * Without stratification: whole blocks of this many consecutive patches go to one side, so that neighbouring
   * (overlapping, look-alike) patches of a city do not land on both sides. Default 1.
   */
  blockSize?: number;
}

export interface Split {
  /** Patch indices, sorted (file order). */
  train: Uint32Array;
  validation: Uint32Array;
}

/** A seeded train/validation split of patches 0 .. n - 1. */
export function splitIndices(n: number, options: SplitOptions): Split {
  const { validationFraction: fraction, stratifyBy } = options;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`the validation fraction must be between 0 and 1 (got ${fraction})`);
  if (stratifyBy && stratifyBy.length !== n) throw new RangeError(`stratifyBy has ${stratifyBy.length} classes for ${n} patches`);
  const random = mulberry32(mixSeed(options.seed, 0x5911));
  const inValidation = new Uint8Array(n);
  if (stratifyBy) {
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const cls = stratifyBy[i]!;
      if (cls === 0) inValidation[i] = 2;
      else (byClass.get(cls) ?? byClass.set(cls, []).get(cls)!).push(i);
    }
    for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
      const members = Uint32Array.from(byClass.get(cls)!);
      shuffleRange(members, 0, members.length, random);
      const take = Math.round(members.length * fraction);
      for (let k = 0; k < take; k++) inValidation[members[k]!] = 1;
    }
  } else {
    const blockSize = Math.max(1, Math.floor(options.blockSize ?? 1));
    const blocks = Math.ceil(n / blockSize);
    const order = Uint32Array.from({ length: blocks }, (_, i) => i);
    shuffleRange(order, 0, blocks, random);
    const want = Math.round(n * fraction);
    let taken = 0;
    for (let k = 0; k < blocks && taken < want; k++) {
      const first = order[k]! * blockSize;
      for (let i = first; i < Math.min(n, first + blockSize); i++, taken++) inValidation[i] = 1;
    }
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < n; i++) {
    if (inValidation[i] === 0) train.push(i);
    else if (inValidation[i] === 1) validation.push(i);
  }
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
}
