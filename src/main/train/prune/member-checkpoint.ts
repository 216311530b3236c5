/**
 * The training checkpoint behind a bundle, when it has one: a bundle `lcz train` wrote sits in RUN/bundles/<k>/ and
 * its manifest names the run and the member; the member's last checkpoint holds the TensorFlow.js model the bundle
 * was exported from. Pruning that model (then fine-tuning it with the training engine) beats pruning the ONNX graph,
 * which cannot be trained. The checkpoint must still hold the bundle's weights: both are run on the same patches and
 * must agree.
 */
import { basename, dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { MemberSpec } from '../../../shared/contract/training';
import type { Bundle } from '../../bundles/bundle-io';
import { ClassifierSession } from '../../onnx/classifier-session';
import { mulberry32 } from '../../synthetic/noise';
import { initTrainingBackend } from '../backend';
import { loadCheckpoint } from '../checkpoint';
import { memberChannels, type MemberChannels } from '../input-modes';
import { RunStore } from '../run-store';
import { compiledModel } from '../train-member';

export type MemberCheckpoint = { found: true; model: LayersModel; spec: MemberSpec; channels: MemberChannels; run: string; member: number } | { found: false; why: string };

/** Largest difference in probability allowed between the checkpoint's model and the bundle's (float32 in two engines). */
const AGREEMENT = 1e-3;
const PROBE_PATCHES = 8;

export async function memberCheckpoint(bundle: Bundle): Promise<MemberCheckpoint> {
  const { ensemble } = bundle.manifest;
  if (!ensemble) return { found: false, why: 'its manifest names no training run (it was imported, or made by pruning or quantization)' };
  const store = new RunStore(dirname(dirname(bundle.dir)));
  const status = await store.read().catch(() => null);
  const index = ensemble.member - 1;
  if (!status || status.id !== ensemble.run || basename(bundle.dir) !== String(ensemble.member) || !status.members[index]) {
    return { found: false, why: `it is no longer in the bundles/ folder of its training run "${ensemble.runName}"` };
  }
  const { spec } = status.members[index]!;
  const channels = memberChannels(spec);
  await initTrainingBackend();
  const { model, optimizer } = compiledModel(spec, channels.names.length, status.params.learningRate);
  const state = await loadCheckpoint(store.memberDir(index), model, optimizer);
  optimizer.dispose();
  if (!state) {
    model.dispose();
    return { found: false, why: `member ${ensemble.member} of its run ${store.dir} has no checkpoint` };
  }
  const difference = await outputDifference(model, bundle);
  if (!(difference <= AGREEMENT)) {
    model.dispose();
    return { found: false, why: `the checkpoint of member ${ensemble.member} of its run ${store.dir} no longer holds the bundle's weights (their probabilities differ by up to ${difference.toPrecision(2)})` };
  }
  return { found: true, model, spec, channels, run: store.dir, member: ensemble.member };
}

/** The largest difference between the two models' class probabilities on a few seeded patches. */
async function outputDifference(model: LayersModel, bundle: Bundle): Promise<number> {
  const { patchSize: size, layout } = bundle.manifest.input;
  const c = bundle.manifest.bands.length;
  const random = mulberry32(0xc4ec);
  const nhwc = Float32Array.from({ length: PROBE_PATCHES * size * size * c }, () => 4 * random() - 2);
  const expected = tf.tidy(() => tf.softmax(model.predict(tf.tensor4d(nhwc, [PROBE_PATCHES, size, size, c])) as tf.Tensor2D).dataSync() as Float32Array);
  const input = layout === 'NHWC' ? nhwc : tf.tidy(() => tf.transpose(tf.tensor4d(nhwc, [PROBE_PATCHES, size, size, c]), [0, 3, 1, 2]).dataSync() as Float32Array);
  const session = await ClassifierSession.open({ ...bundle, manifest: { ...bundle.manifest, temperature: 1 } }, { threads: 1 });
  try {
    const actual = await session.run(input, PROBE_PATCHES);
    if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
    return actual.reduce((most, p, i) => Math.max(most, Math.abs(p - expected[i]!)), 0);
  } finally {
    await session.dispose();
  }
}
