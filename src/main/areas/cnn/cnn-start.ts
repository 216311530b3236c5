/**
 * Where the CNN starts: a zoo model with seeded weights, or the training checkpoint of a bundle made by a training
 * run (fine-tuning). A bundle is checked before any work: its bands must be bands of the scene that So2Sat patches
 * carry (the 10 Sentinel-2 bands), its patches 32 x 32 at 10 m, and its run's checkpoint must still hold its weights
 * (train/prune/member-checkpoint.ts, as pruning finds it). The bundle's normalisation is kept: its weights learnt it.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { SO2SAT_S2_BANDS } from '../../../shared/bands';
import type { AreasCnnSettings } from '../../../shared/contract/areas';
import type { SceneSettings } from '../../../shared/contract/scenes';
import type { MemberSpec } from '../../../shared/contract/training';
import { UserError } from '../../../shared/errors';
import { readBundle } from '../../bundles/bundle-io';
import { PATCH_SIZE } from '../../so2sat/layout';
import type { Normalisation } from '../../so2sat/normalise';
import { initTrainingBackend } from '../../train/backend';
import { memberChannels, type MemberChannels } from '../../train/input-modes';
import { memberCheckpoint } from '../../train/prune/member-checkpoint';
import { createModel } from '../../train/zoo';

const CLASSES = 17;

export interface CnnStart {
  /** Architecture, width and seed of the model (the bundle's when fine-tuning). */
  spec: MemberSpec;
  channels: MemberChannels;
  /** The statistics to normalise the 10 sen2 bands with, given the patches' own: the bundle's for the bands it reads. */
  normalisation(fromPatches: Normalisation): Normalisation;
  fromBundle: { dir: string; name: string } | null;
  /** A new model to train: seeded weights, or a copy of the bundle's. */
  model(seed: number): LayersModel;
  dispose(): void;
}

/** The CNN's starting point for these settings over a scene with these bands; a bundle that cannot be used is refused. */
export async function cnnStart(cnn: AreasCnnSettings, scene: { path: string; settings: SceneSettings }): Promise<CnnStart> {
  await initTrainingBackend();
  if (!cnn.fromBundle) {
    const spec: MemberSpec = { arch: cnn.arch, inputs: 'all', seed: 1, width: cnn.width };
    const channels = memberChannels(spec);
    return {
      spec,
      channels,
      normalisation: (fromPatches) => fromPatches,
      fromBundle: null,
      model: (seed) => createModel(spec.arch, { channels: channels.names.length, classes: CLASSES, seed, width: spec.width }),
      dispose: () => undefined,
    };
  }
  const bundle = await readBundle(cnn.fromBundle);
  const ids = bundle.manifest.bands.map((b) => b.id);
  const have = new Set(scene.settings.bands.filter((b) => b !== null && (SO2SAT_S2_BANDS as readonly string[]).includes(b)));
  const missing = ids.filter((id) => !have.has(id));
  if (missing.length) {
    throw new UserError(
      `reads ${missing.join(', ')}, which the patches cut from ${scene.path} do not have (they carry its Sentinel-2 bands ${[...have].join(', ') || '(none)'}); fine-tune from a bundle whose bands the scene has, or leave out --from-bundle to train from scratch`,
      bundle.dir,
    );
  }
  const { patchSize, resolutionM } = bundle.manifest.input;
  if (patchSize !== PATCH_SIZE || resolutionM !== 10) throw new UserError(`takes ${patchSize} x ${patchSize} patches at ${resolutionM} m; patches cut from training areas are ${PATCH_SIZE} x ${PATCH_SIZE} at 10 m`, bundle.dir);
  const checkpoint = await memberCheckpoint(bundle);
  if (!checkpoint.found) throw new UserError(`cannot be fine-tuned: ${checkpoint.why}; fine-tuning starts from the training checkpoint of a bundle made by lcz train`, bundle.dir);
  const source = checkpoint.model;
  const weights = source.getWeights();
  const { spec, channels } = checkpoint;
  // The bundle lists its bands in its channels' order (train/export-member.ts).
  const own = (i: number) => bundle.manifest.bands[channels.sen2.indexOf(i)];
  return {
    spec,
    channels,
    normalisation: (fromPatches) => ({
      mean: SO2SAT_S2_BANDS.map((_, i) => own(i)?.mean ?? fromPatches.mean[i]!),
      std: SO2SAT_S2_BANDS.map((_, i) => own(i)?.std ?? fromPatches.std[i]!),
    }),
    fromBundle: { dir: bundle.dir, name: bundle.manifest.name },
    model: () => {
      const model = createModel(spec.arch, { channels: channels.names.length, classes: CLASSES, seed: spec.seed, width: spec.width });
      model.setWeights(weights);
      return model;
    },
    dispose: () => {
      source.dispose();
      tf.dispose(weights);
    },
  };
}
