/**
 * Patches for verifying a deployment: drawn (seeded) from a So2Sat-format file, leaving out those the calibration
 * used when it is the same file, read with the bundle's normalisation in its layout with their labels.
 */
import { UserError } from '../../../shared/errors';
import type { Bundle } from '../../bundles/bundle-io';
import { bundleInput, bundleNormalisation, sen2Indices } from '../../evaluation/evaluate-bundles';
import { epochOrder } from '../../so2sat/epoch-order';
import { So2SatFile } from '../../so2sat/so2sat-file';
import { rowArgmax } from '../../train/member-input';

/** A patch whose true class is not known (a scene cell outside its truth map). */
export const NO_LABEL = 255;

export interface HeldOutPatches {
  patches: Float32Array;
  /** Class index (0-16) of each patch's true LCZ, NO_LABEL where unknown; null when nothing labels them. */
  labels: Uint8Array | null;
  n: number;
}

function concat<T extends Float32Array | Uint8Array>(parts: T[], Type: new (n: number) => T): T {
  const all = new Type(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

export async function heldOutPatches(bundle: Bundle, file: string, count: number, exclude: ArrayLike<number> = [], signal?: AbortSignal): Promise<HeldOutPatches> {
  const so2sat = await So2SatFile.open(file, { signal });
  try {
    const skip = new Set(Array.from(exclude));
    const order = [...epochOrder(so2sat.patches, { seed: 2, blockSize: 1 })].filter((i) => !skip.has(i)).slice(0, count).sort((a, b) => a - b);
    if (order.length === 0) throw new UserError('has no patches left to verify on once the calibration patches are set aside: give a separate verification file', file);
    const bands = sen2Indices(bundle);
    const patches: Float32Array[] = [];
    const labels: Uint8Array[] = [];
    for await (const batch of so2sat.batches(order, 256, { sen2Normalisation: bundleNormalisation(bundle.manifest, bands), labels: 'hard', signal })) {
      patches.push(bundleInput(batch, bundle.manifest, bands));
      labels.push(rowArgmax(batch.labels, 17));
    }
    return { patches: concat(patches, Float32Array), labels: concat(labels, Uint8Array), n: order.length };
  } finally {
    await so2sat.close();
  }
}
