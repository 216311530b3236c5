/**
 * Structured pruning of a bundle: whole filters removed by their L1 norm, the smaller model fine-tuned when its
 * training checkpoint is at hand, and written as a bundle of its own that names its parent (provenance.pruning, with
 * the parameters, multiply-accumulates, bytes and accuracy of both, measured in this job). Everything that can be
 * refused is refused before the work; the bundle is written complete or not at all, and the work folder beside it
 * (fine-tuning checkpoints, the model being measured) is removed whatever happens.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { BundleManifestInput, BundlePruning } from '../../../shared/bundle-manifest';
import { pruningRatioProblem, type PruneParams } from '../../../shared/contract/compression';
import { UserError } from '../../../shared/errors';
import { readBundle, writeBundle, type Bundle } from '../../bundles/bundle-io';
import { sen2Indices } from '../../evaluation/evaluate-bundles';
import { PRODUCER_NAME, producerVersion } from '../../onnx/producer';
import { checkNewBundleFolder } from '../../onnx/quantize/quantize-bundle';
import { decodeModel, readModelBytes } from '../../onnx/read-model';
import type { RunContext } from '../run-context';
import { memberCheckpoint } from './member-checkpoint';
import { measureModel } from './prune-figures';
import { pruneCheckpoint, pruneOnnxGraph, type PrunedModel } from './prune-model';
import { closePruneData, openPruneData, type PruneData } from './prune-data';

/** Fine-tuning epochs when the checkpoint is found and none were asked for. */
export const DEFAULT_FINETUNE_EPOCHS = 3;

export interface PruneResult {
  bundle: Bundle;
  pruning: BundlePruning;
}

export async function pruneBundle(params: PruneParams, ctx: RunContext): Promise<PruneResult> {
  const ratioProblem = pruningRatioProblem(params.ratio);
  if (ratioProblem) throw new UserError(ratioProblem);
  const out = resolve(params.out);
  const parent = await readBundle(params.bundle);
  await checkNewBundleFolder(out, parent.dir, 'pruned', 'pruned');
  if (parent.manifest.provenance.quantization) throw new UserError('is an int8 bundle; prune its float parent, then quantize the pruned bundle', parent.dir);
  const bands = sen2Indices(parent);
  const parentBytes = await readModelBytes(parent.modelPath);

  ctx.progress({ stage: 'Looking for the training checkpoint', done: 0, total: 1 });
  const checkpoint = await memberCheckpoint(parent);
  if (!checkpoint.found && params.finetuneEpochs) {
    throw new UserError(`has no training checkpoint to fine-tune from (${checkpoint.why}); its ONNX graph can be pruned without fine-tuning: give --finetune-epochs 0`, parent.dir);
  }
  if (!checkpoint.found) ctx.warn(`${parent.dir}: no training checkpoint (${checkpoint.why}): pruning its ONNX graph, without fine-tuning`);
  const epochs = checkpoint.found ? (params.finetuneEpochs ?? DEFAULT_FINETUNE_EPOCHS) : 0;

  const workDir = join(dirname(out), `.${basename(out)}.pruning-${process.pid}`);
  let data: PruneData | null = null;
  try {
    data = await openPruneData(params, ctx.signal);
    await mkdir(workDir, { recursive: true });
    ctx.progress({ stage: 'Pruning filters', done: 0, total: 1 });
    const parentModel = decodeModel(parentBytes, parent.modelPath);
    // Without fine-tuning the two ways cut the same filters alike; the graph's way also makes up for their mean output.
    const pruned: PrunedModel =
      checkpoint.found && epochs > 0
        ? await pruneCheckpoint({ checkpoint, parent, parentModel, params, epochs, data, bands, workDir: join(workDir, 'finetune'), ctx })
        : await pruneOnnxGraph(parent, parentModel, params, data, ctx);
    if (checkpoint.found) checkpoint.model.dispose();

    ctx.progress({ stage: 'Measuring the parent and the pruned model', done: 0, total: 2 });
    const before = await measureModel({ modelPath: parent.modelPath, manifest: parent.manifest, proto: decodeModel(parentBytes, parent.modelPath), bytes: parentBytes.length }, data, bands, ctx.signal);
    const prunedPath = join(workDir, 'model.onnx');
    await writeFile(prunedPath, pruned.bytes);
    ctx.progress({ stage: 'Measuring the parent and the pruned model', done: 1, total: 2 });
    const after = await measureModel({ modelPath: prunedPath, manifest: parent.manifest, proto: decodeModel(pruned.bytes, prunedPath), bytes: pruned.bytes.length }, data, bands, ctx.signal);

    const pruning: BundlePruning = {
      method: 'filter-l1',
      ratio: params.ratio,
      scope: params.scope,
      source: pruned.source,
      removed: pruned.choice.removed,
      layers: pruned.choice.layers,
      keptWhole: pruned.choice.keptWhole,
      finetune: epochs > 0 ? { epochs, data: resolve(params.train), learningRate: params.learningRate, loss: 'cross-entropy' } : null,
      parent: { name: parent.manifest.name, sha256: createHash('sha256').update(parentBytes).digest('hex') },
      before: before.figures,
      after: after.figures,
      accuracyData: params.test ? resolve(params.test) : `the ${params.validationShare} share of ${resolve(params.train)} held out from fine-tuning`,
    };
    const bundle = await writeBundle(out, manifestFor(parent, pruning, after.temperature, params, pruned.history.at(-1)?.valAccuracy), pruned.bytes);
    return { bundle, pruning };
  } finally {
    await closePruneData(data);
    await rm(workDir, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

function manifestFor(parent: Bundle, pruning: BundlePruning, temperature: number, params: PruneParams, valAccuracy: number | undefined): BundleManifestInput {
  const p = parent.manifest;
  const tuned = pruning.finetune
    ? `fine-tuned ${pruning.finetune.epochs} epochs on ${basename(pruning.finetune.data)} (cross-entropy)`
    : "not fine-tuned (pruned on its ONNX graph, the removed channels' mean output added to the next layers' biases)";
  const how = `${pct(pruning.removed)} of its prunable filters removed by L1 norm (${pruning.scope === 'global' ? 'across the model' : 'in each layer'}, ${pruning.layers.length} convolutions), ${tuned}`;
  const options = [`--ratio ${params.ratio}`, `--scope ${params.scope}`, `--finetune-epochs ${pruning.finetune?.epochs ?? 0}`, pruning.finetune ? `--lr ${params.learningRate}` : '', params.test ? `--test ${resolve(params.test)}` : ''];
  const { ensemble: _memberOfRun, ...rest } = p; // no longer a member of its parent's ensemble
  return {
    ...rest,
    name: `${p.name} · pruned ${pct(pruning.removed)}`.slice(0, 200),
    description: `The pruned version of "${p.name}": ${how}. ${p.description}`.slice(0, 4000),
    temperature,
    provenance: {
      createdAt: new Date().toISOString(),
      createdBy: `${PRODUCER_NAME} ${producerVersion()}`,
      method: `structured pruning of "${p.name}": ${how}`,
      reproduce: `lcz prune --bundle ${parent.dir} --train ${resolve(params.train)} ${options.filter(Boolean).join(' ')} --out ${resolve(params.out)}`,
      source: resolve(params.train),
      ...(p.provenance.distillation ? { distillation: p.provenance.distillation } : {}),
      pruning,
    },
    metrics: { oa: pruning.after.oa, parameters: pruning.after.parameters, macs: pruning.after.macs, ...(valAccuracy !== undefined ? { valAccuracy } : {}) },
  };
}
