/** Top-1 predictions of bundles on a So2Sat-format file, read as the evaluation of bundles reads it. */
import { readBundle } from '../../../src/main/bundles/bundle-io';
import { bundleInput, bundleNormalisation, sen2Indices } from '../../../src/main/evaluation/evaluate-bundles';
import { ClassifierSession } from '../../../src/main/onnx/classifier-session';
import { So2SatFile } from '../../../src/main/so2sat/so2sat-file';
import { rowArgmax } from '../../../src/main/train/member-input';

export interface HeldOut {
  /** Predicted LCZ (1-17) per patch. */
  predicted: Uint8Array;
  /** True LCZ per patch. */
  truth: Uint8Array;
}

export async function predict(bundleDir: string, data: string): Promise<HeldOut> {
  const bundle = await readBundle(bundleDir);
  const bands = sen2Indices(bundle);
  const file = await So2SatFile.open(data);
  const session = await ClassifierSession.open(bundle, { threads: 2 });
  try {
    const predicted = new Uint8Array(file.patches);
    const truth = new Uint8Array(file.patches);
    let at = 0;
    const order = Uint32Array.from({ length: file.patches }, (_, i) => i);
    for await (const batch of file.batches(order, 256, { sen2Normalisation: bundleNormalisation(bundle.manifest, bands), labels: 'hard' })) {
      const top = rowArgmax(await session.run(bundleInput(batch, bundle.manifest, bands), batch.n), session.classes);
      predicted.set(top.map((k) => bundle.manifest.classes[k]!), at);
      truth.set(rowArgmax(batch.labels, 17).map((k) => k + 1), at);
      at += batch.n;
    }
    return { predicted, truth };
  } finally {
    await session.dispose();
    await file.close();
  }
}

export const share = (a: Uint8Array, b: Uint8Array): number => a.reduce((n, v, i) => n + (v === b[i] ? 1 : 0), 0) / a.length;
