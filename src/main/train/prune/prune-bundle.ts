/**
 * Structured pruning of a bundle: whole filters removed by their L1 norm, the smaller model fine-tuned when its
 * training checkpoint is at hand, and written as a bundle of its own that names its parent (provenance.pruning, with
 * the parameters, multiply-accumulates, bytes and accuracy of both, measured in this job). Fine-tuning learns from
 * the labels, or with a teacher (prune-teacher.ts) from the distillation loss too. Everything that can be
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
import { checkPruneTeacher, finetuneRecord, outputsSentence, pruneObjective, type CheckedPruneTeacher, type PruneObjective } from './prune-teacher';

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
  // A teacher only teaches while fine-tuning; a bad one (classes, bands) is refused before any work.
  if (params.teacher && params.finetuneEpochs === 0) throw new UserError('a teacher teaches the pruned model while it fine-tunes: give --finetune-epochs 1 or more, or leave out --teacher');
  const teacher: CheckedPruneTeacher | null = params.teacher ? await checkPruneTeacher(params.teacher) : null;
  const parentBytes = await readModelBytes(parent.modelPath);

  ctx.progress({ stage: 'Looking for the training checkpoint', done: 0, total: 1 });
  const checkpoint = await memberCheckpoint(parent);
  if (!checkpoint.found && params.finetuneEpochs) {
    throw new UserError(`has no training checkpoint to fine-tune from (${checkpoint.why}); its ONNX graph can be pruned without fine-tuning: give --finetune-epochs 0`, parent.dir);
  }
  if (!checkpoint.found && teacher) {
    throw new UserError(`has no training checkpoint to fine-tune from (${checkpoint.why}), and a teacher teaches only while fine-tuning; its ONNX graph can be pruned without fine-tuning: leave out --teacher`, parent.dir);
  }
  if (!checkpoint.found) ctx.warn(`${parent.dir}: no training checkpoint (${checkpoint.why}): pruning its ONNX graph, without fine-tuning`);
  const epochs = checkpoint.found ? (params.finetuneEpochs ?? DEFAULT_FINETUNE_EPOCHS) : 0;

  const workDir = join(dirname(out), `.${basename(out)}.pruning-${process.pid}`);
  let data: PruneData | null = null;
  let taught: PruneObjective | null = null;
  try {
    data = await openPruneData(params, ctx.signal);
    await mkdir(workDir, { recursive: true });
    if (teacher && checkpoint.found && epochs > 0) taught = await pruneObjective(teacher, data, workDir, checkpoint.run, ctx);
    ctx.progress({ stage: 'Pruning filters', done: 0, total: 1 });
    const parentModel = decodeModel(parentBytes, parent.modelPath);
    // Without fine-tuning the two ways cut the same filters alike; the graph's way also makes up for their mean output.
    const pruned: PrunedModel =
      checkpoint.found && epochs > 0
        ? await pruneCheckpoint({ checkpoint, parent, parentModel, params, epochs, data, bands, workDir: join(workDir, 'finetune'), objective: taught?.objective ?? null, ctx })
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
      finetune: epochs > 0 ? finetuneRecord({ epochs, data: resolve(params.train), learningRate: params.learningRate }, taught ? teacher : null, pruned.history) : null,
      parent: { name: parent.manifest.name, sha256: createHash('sha256').update(parentBytes).digest('hex') },
      before: before.figures,
      after: after.figures,
      accuracyData: params.test ? resolve(params.test) : `the ${params.validationShare} share of ${resolve(params.train)} held out from fine-tuning`,
    };
    const taughtBy = taught ? outputsSentence(taught.outputs) : null;
    const bundle = await writeBundle(out, manifestFor(parent, pruning, after.temperature, params, pruned.history.at(-1)?.valAccuracy, taughtBy), pruned.bytes);
    return { bundle, pruning };
  } finally {
    await taught?.objective.close();
    await closePruneData(data);
    await rm(workDir, { recursive: true, force: true });
  }
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

/** How the fine-tuning taught: the labels, or the teacher too (and where its outputs came from). */
function lossWords(finetune: NonNullable<BundlePruning['finetune']>, taughtBy: string | null): string {
  if (finetune.loss === 'cross-entropy') return 'cross-entropy';
  const d = finetune.distillation;
  const who = d.teacher.length === 1 ? `the teacher "${d.teacher[0]!.name}"` : `a teacher of ${d.teacher.length} bundles`;
  return `distillation loss with ${who}: T = ${d.temperature}, alpha = ${d.alpha}, ${d.fusion === 'logits' ? 'mean of logits' : 'mean of probabilities'}${taughtBy ? `, ${taughtBy}` : ''}`;
}

function manifestFor(parent: Bundle, pruning: BundlePruning, temperature: number, params: PruneParams, valAccuracy: number | undefined, taughtBy: string | null): BundleManifestInput {
  const p = parent.manifest;
  const tuned = pruning.finetune
    ? `fine-tuned ${pruning.finetune.epochs} epochs on ${basename(pruning.finetune.data)} (${lossWords(pruning.finetune, taughtBy)})`
    : "not fine-tuned (pruned on its ONNX graph, the removed channels' mean output added to the next layers' biases)";
  const how = `${pct(pruning.removed)} of its prunable filters removed by L1 norm (${pruning.scope === 'global' ? 'across the model' : 'in each layer'}, ${pruning.layers.length} convolutions), ${tuned}`;
  const options = [`--ratio ${params.ratio}`, `--scope ${params.scope}`, `--finetune-epochs ${pruning.finetune?.epochs ?? 0}`, pruning.finetune ? `--lr ${params.learningRate}` : '', params.test ? `--test ${resolve(params.test)}` : '', teacherOptions(params)];
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

/** The teacher's options of the reproducing command. */
function teacherOptions(params: PruneParams): string {
  const t = params.teacher;
  if (!t) return '';
  return [...t.sources.map((s) => `--teacher ${resolve(s)}`), `--T ${t.temperature}`, `--alpha ${t.alpha}`, `--teacher-fusion ${t.fusion}`].join(' ');
}
