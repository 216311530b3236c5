/**
 * The two ways a bundle's model loses filters:
 * - from its training checkpoint: the TensorFlow.js model is pruned and rebuilt smaller (tfjs-rebuild.ts), fine-tuned
 *   with the training engine (train-member.ts: cross-entropy on the labels, or the distillation loss with a teacher)
 *   and exported to ONNX as the parent was;
 * - from its ONNX graph (no checkpoint: an imported bundle): the initializers are cut (onnx-channels.ts); nothing can
 *   train it, so it is not fine-tuned.
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BundlePruning } from '../../../shared/bundle-manifest';
import type { PruneParams } from '../../../shared/contract/compression';
import { trainParamsSchema, type EpochRecord } from '../../../shared/contract/training';
import { UserError } from '../../../shared/errors';
import type { Bundle } from '../../bundles/bundle-io';
import { bundleNormalisation } from '../../evaluation/evaluate-bundles';
import { exportModel } from '../../onnx/export';
import { decodedGraph, onnx, toNumber, type ModelProto } from '../../onnx/onnx-proto';
import type { DistillationObjective } from '../distill/distill-objective';
import type { RunContext } from '../run-context';
import { trainMember } from '../train-member';
import type { Source } from './channel-graph';
import { chooseFilters, type FilterChoice } from './filter-choice';
import type { MemberCheckpoint } from './member-checkpoint';
import { cutGraph, onnxChannels } from './onnx-channels';
import { addToBiases, channelMeans, lostContributions, tensorsToMeasure } from './onnx-compensation';
import { calibrationPatches } from '../../onnx/quantize/calibration-data';
import { threadsForMachine } from '../../onnx/classifier-session';
import type { PruneData } from './prune-data';
import { tfjsChannels } from './tfjs-channels';
import { rebuildPruned } from './tfjs-rebuild';

export interface PrunedModel {
  bytes: Uint8Array;
  choice: FilterChoice;
  source: BundlePruning['source'];
  /** The fine-tuning's epochs (empty when not fine-tuned). */
  history: EpochRecord[];
}

/** The filters to remove; a UserError naming the bundle when there are none. */
function choose(sources: readonly Source[], params: Pick<PruneParams, 'ratio' | 'scope'>, bundle: Bundle): FilterChoice {
  const choice = chooseFilters(sources, params.ratio, params.scope);
  if (choice.prunableFilters === 0) {
    const why = [...new Set(choice.keptWhole.map((k) => k.reason))].slice(0, 3).join('; ');
    throw new UserError(`has no convolution whose filters can be removed${why ? ` (${why})` : ' (it has no convolution)'}`, bundle.dir);
  }
  if (choice.layers.length === 0) throw new UserError(`a pruning ratio of ${params.ratio} removes no filter of its ${choice.prunableFilters} prunable filters: give a larger ratio`, bundle.dir);
  return choice;
}

/** The default-domain opset of the parent, so the pruned model is exported as the parent was. */
function opsetOf(model: ModelProto): number {
  const version = toNumber(model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx')?.version);
  return Math.min(17, Math.max(13, version || 13));
}

export interface CheckpointPruning {
  checkpoint: Extract<MemberCheckpoint, { found: true }>;
  parent: Bundle;
  parentModel: ModelProto;
  params: PruneParams;
  epochs: number;
  data: PruneData;
  /** sen2 indices of the bands the bundle reads. */
  bands: number[];
  /** Where fine-tuning keeps its checkpoints (a work folder the caller removes). */
  workDir: string;
  /** Fine-tuning with a teacher (prune-teacher.ts); null: on the labels only. */
  objective: DistillationObjective | null;
  ctx: RunContext;
}

export async function pruneCheckpoint(p: CheckpointPruning): Promise<PrunedModel> {
  const { checkpoint, parent, params, ctx } = p;
  const channels = tfjsChannels(checkpoint.model);
  const choice = choose(channels.graph.sources, params, parent);
  const pruned: LayersModel = await rebuildPruned(checkpoint.model, channels, choice.kept);
  let history: EpochRecord[] = [];
  if (p.epochs > 0) {
    const train = trainParamsSchema.parse({ train: params.train, members: [checkpoint.spec], epochs: p.epochs, batchSize: params.batchSize, learningRate: params.learningRate, validationShare: params.validationShare, maxPatches: params.maxPatches });
    const batches = Math.ceil(p.data.train.length / params.batchSize);
    ({ history } = await trainMember({
      file: p.data.file,
      train: p.data.train,
      validation: p.data.validation,
      spec: checkpoint.spec,
      channels: checkpoint.channels,
      sen2: bundleNormalisation(parent.manifest, p.bands),
      sen1: null,
      params: train,
      memberDir: p.workDir,
      signal: ctx.signal,
      model: pruned,
      objective: p.objective,
      onBatch: (b) =>
        ctx.progress({
          stage: `Fine-tuning the pruned model · epoch ${b.epoch}/${p.epochs}`,
          done: (b.epoch - 1) * batches + b.batch,
          total: p.epochs * batches,
          metrics: { epoch: b.epoch, loss: b.loss, accuracy: b.accuracy, samplesPerSecond: b.samplesPerSecond, ...(b.hardLoss === undefined ? {} : { hardLoss: b.hardLoss, softLoss: b.softLoss! }) },
        }),
      onEpoch: async () => undefined,
    }));
  }
  const { input, output } = parent.manifest;
  const exported = exportModel(pruned, { opset: opsetOf(p.parentModel), layout: input.layout, inputName: input.name, outputName: output.name });
  pruned.dispose();
  return { bytes: exported.bytes, choice, source: 'checkpoint', history };
}

/** Patches the mean activations of pruned channels are measured on (ONNX graphs: no fine-tuning to recover). */
export const COMPENSATION_PATCHES = 256;

/**
 * Cuts the parent's ONNX graph (decoded, changed in place), and makes up for the removed channels' mean contribution
 * (onnx-compensation.ts), measured on patches of the training file.
 */
export async function pruneOnnxGraph(parent: Bundle, parentModel: ModelProto, params: Pick<PruneParams, 'ratio' | 'scope'>, data: PruneData, ctx: RunContext): Promise<PrunedModel> {
  const channels = onnxChannels(parentModel);
  const choice = choose(channels.graph.sources, params, parent);
  const graph = decodedGraph(parentModel);
  const tensors = tensorsToMeasure(channels.readers, choice.kept);
  ctx.progress({ stage: `Measuring the mean activations of the removed channels on ${COMPENSATION_PATCHES} patches`, done: 0, total: 1 });
  const patches = await calibrationPatches(data.file, parent, COMPENSATION_PATCHES, 1, ctx.signal);
  const means = await channelMeans(parentModel, tensors, patches, parent.manifest.input.name, threadsForMachine());
  const lost = lostContributions(graph, channels.readers, choice.kept, means);
  cutGraph(graph, channels, choice.kept);
  addToBiases(graph, lost, choice.kept);
  return { bytes: onnx.ModelProto.encode(parentModel).finish(), choice, source: 'onnx-graph', history: [] };
}
