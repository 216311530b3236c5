/**
 * Shuffled epoch orders that a streaming reader can follow fast. A uniform shuffle of 352,366 patches sends every
 * read to a random place in a 52 GB file; instead the patches (or a split's indices, in file order) are cut into
 * blocks of `blockSize` consecutive entries, the blocks are shuffled, and then the patches of each window of
 * `windowBlocks` consecutive (shuffled) blocks are shuffled together.
 *
 * The trade-off: a batch only mixes patches from one window (blockSize x windowBlocks patches, from windowBlocks
 * places in the file). Bigger windows mix more (So2Sat's files are ordered by city, so neighbouring patches look
 * alike); smaller blocks read from more places. The defaults (blocks of 32, windows of 32 blocks: 1,024 patches
 * from 32 places) give every batch of 64 patches from about 28 different places, and let a compressed file's
 * chunk cache serve each chunk once per epoch. blockSize 1 is a uniform shuffle.
 */
import { mulberry32 } from '../synthetic/noise';

export interface EpochOrderOptions {
  seed: number;
  /** 0, 1, 2, ...: each epoch gets its own order. */
  epoch?: number;
  blockSize?: number;
  windowBlocks?: number;
}

/** A 32-bit seed from a seed and a stream number (different epochs, folds, ... of one seed). */
export function mixSeed(seed: number, stream: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((stream >>> 0) + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Fisher-Yates shuffle of a[from .. to - 1] in place. */
export function shuffleRange(a: Uint32Array, from: number, to: number, random: () => number): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + Math.floor(random() * (i - from + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** The order in which to visit `items` (a count, meaning 0 .. n - 1, or a list of patch indices) in one epoch. */
export function epochOrder(items: number | ArrayLike<number>, options: EpochOrderOptions): Uint32Array {
  const list = typeof items === 'number' ? null : items;
  const n = typeof items === 'number' ? items : items.length;
  const blockSize = Math.max(1, Math.floor(options.blockSize ?? 32));
  const windowBlocks = Math.max(1, Math.floor(options.windowBlocks ?? 32));
  const random = mulberry32(mixSeed(options.seed, options.epoch ?? 0));
  const blocks = Math.ceil(n / blockSize);
  const blockOrder = Uint32Array.from({ length: blocks }, (_, i) => i);
  shuffleRange(blockOrder, 0, blocks, random);
  const out = new Uint32Array(n);
  let at = 0;
  for (let w = 0; w < blocks; w += windowBlocks) {
    const start = at;
    for (let b = w; b < Math.min(blocks, w + windowBlocks); b++) {
      const first = blockOrder[b]! * blockSize;
      for (let i = first; i < Math.min(n, first + blockSize); i++) out[at++] = list ? list[i]! : i;
    }
    shuffleRange(out, start, at, random);
  }
  return out;
}
