/**
 * A training run from start to finish: open the data, split it, train each member (resuming where a previous
 * attempt stopped), evaluate members and ensemble on held-out data with calibration, and write each mappable member
 * as a bundle carrying its fitted temperature. run.json says where the run stands at every epoch.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Evaluation } from '../../shared/contract/evaluation';
import type { BackendInfo, RunStatus, TrainParams } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { epochOrder } from '../so2sat/epoch-order';
import { PUBLISHED_SEN2, type Normalisation } from '../so2sat/normalise';
import { So2SatFile } from '../so2sat/so2sat-file';
import { splitIndices } from '../so2sat/split';
import { so2satStatistics } from '../so2sat/statistics';
import { initTrainingBackend } from './backend';
import { loadCheckpoint } from './checkpoint';
import { exportMember } from './export-member';
import { mappable, memberChannels, type MemberChannels } from './input-modes';
import { MemberPredictor } from './member-predictions';
import { RunStore } from './run-store';
import { fuse, scoresOf, temperatureFor, withTemperature, type Predictions } from './scores';
import { compiledModel, trainMember } from './train-member';
import { parameterCount } from './zoo';

export interface RunProgress {
  stage: string;
  done: number;
  total: number;
  metrics?: Record<string, number>;
}

export interface RunContext {
  signal: AbortSignal;
  progress: (p: RunProgress) => void;
  /** Things the user should know (non-finite values met, a fallback backend). */
  warn: (message: string) => void;
}

/** A new run.json for params (members pending). */
export function newRunStatus(params: TrainParams & { runDir: string }, channels: MemberChannels[]): RunStatus {
  const now = new Date().toISOString();
  return {
    schemaVersion: 1,
    id: randomUUID(),
    name: params.name ?? `${params.members.length === 1 ? params.members[0]!.arch : `Ensemble of ${params.members.length}`} on ${basename(params.train)}`,
    createdAt: now,
    updatedAt: now,
    state: 'training',
    params,
    backend: null,
    members: params.members.map((spec, i) => ({ spec, state: 'pending', channels: channels[i]!.names, epochsDone: 0, parameters: 0, history: [], bundle: null, reason: null })),
    normalisation: null,
    evaluated: false,
    reason: null,
  };
}

interface Data {
  file: So2SatFile;
  test: So2SatFile | null;
  train: Uint32Array;
  validation: Uint32Array;
  sen2: Normalisation;
  sen1: Normalisation | null;
}

async function openData(params: TrainParams, channels: MemberChannels[], ctx: RunContext): Promise<Data> {
  const file = await So2SatFile.open(params.train, { onWarning: ctx.warn, signal: ctx.signal });
  let test: So2SatFile | null = null;
  try {
    if (params.test) test = await So2SatFile.open(params.test, { onWarning: ctx.warn, signal: ctx.signal });
    const needsSen1 = channels.some((c) => c.sen1.length > 0);
    for (const f of [file, test]) if (f && needsSen1 && !f.hasSen1) throw new UserError('has no sen1 dataset, which the Sentinel-1 + Sentinel-2 members need', f.path);
    // A seeded subset when asked (quick runs on the 352,366 patches of the real file), then a stratified split.
    const subset = params.maxPatches && params.maxPatches < file.patches ? epochOrder(file.patches, { seed: 0x5ab, blockSize: 1 }).slice(0, params.maxPatches).sort() : null;
    const classOf = subset ? Uint8Array.from(subset, (i) => file.labels.classOf[i]!) : file.labels.classOf;
    const split = splitIndices(subset ? subset.length : file.patches, { seed: 0x5eed, validationFraction: params.validationShare, stratifyBy: classOf });
    const toFile = (a: Uint32Array) => (subset ? Uint32Array.from(a, (i) => subset[i]!) : a);
    const stats = async (dataset: 'sen2' | 'sen1') => {
      ctx.progress({ stage: `Computing ${dataset} band statistics`, done: 0, total: 1 });
      const s = await so2satStatistics(file, dataset, { signal: ctx.signal });
      return { mean: s.mean, std: s.std.map((v) => v || 1) };
    };
    const sen2 = params.normalisation === 'file' ? await stats('sen2') : PUBLISHED_SEN2;
    const sen1 = needsSen1 ? await stats('sen1') : null;
    return { file, test, train: toFile(split.train), validation: toFile(split.validation), sen2, sen1 };
  } catch (error) {
    await file.close();
    await test?.close();
    throw error;
  }
}

/** Evaluation data: the test file when there is one (temperature fitted on the validation split), else the
 * validation split halved: one half to fit temperatures, the other to score, so nothing is scored on what it fitted. */
function evaluationSets(data: Data): { fit: Uint32Array; score: Uint32Array; scoreFile: So2SatFile; label: string } {
  if (data.test) return { fit: data.validation, score: Uint32Array.from({ length: data.test.patches }, (_, i) => i), scoreFile: data.test, label: data.test.path };
  const fit = data.validation.filter((_, i) => i % 2 === 0);
  const score = data.validation.filter((_, i) => i % 2 === 1);
  return { fit, score, scoreFile: data.file, label: `held-out half of the validation split of ${data.file.path}` };
}

export async function trainRun(runDir: string, fresh: TrainParams | null, ctx: RunContext): Promise<string[]> {
  const store = new RunStore(runDir);
  let status: RunStatus;
  if (fresh) {
    status = newRunStatus({ ...fresh, runDir }, fresh.members.map(memberChannels));
    await store.write(status);
  } else {
    status = await store.read();
    status.state = 'training';
    status.reason = null;
  }
  const params = status.params;
  const channels = params.members.map(memberChannels);
  const backend = await initTrainingBackend();
  status.backend = { name: backend.name, threads: backend.threads, simd: backend.simd, version: backend.version, notes: backend.notes } satisfies BackendInfo;
  await store.write(status);

  const data = await openData(params, channels, ctx);
  status.normalisation = { sen2: { mean: [...data.sen2.mean], std: [...data.sen2.std] }, sen1: data.sen1 ? { mean: [...data.sen1.mean], std: [...data.sen1.std] } : null };
  const models: LayersModel[] = [];
  const batchesPerEpoch = Math.ceil(data.train.length / params.batchSize);
  const total = params.members.length * params.epochs * batchesPerEpoch;
  let current = 0;
  try {
    for (const [k, spec] of params.members.entries()) {
      const member = status.members[k]!;
      const label = `member ${k + 1}/${params.members.length} (${spec.arch}, ${spec.inputs})`;
      if (member.state === 'done') {
        // Trained by an earlier attempt: its checkpoint holds the final weights.
        const { model, optimizer } = compiledModel(spec, channels[k]!.names.length, params.learningRate);
        await loadCheckpoint(store.memberDir(k), model, optimizer);
        models.push(model);
        continue;
      }
      current = k;
      member.state = 'training';
      await store.write(status);
      const { model } = await trainMember({
        file: data.file,
        train: data.train,
        validation: data.validation,
        spec,
        channels: channels[k]!,
        sen2: data.sen2,
        sen1: data.sen1,
        params,
        memberDir: store.memberDir(k),
        signal: ctx.signal,
        onBatch: (p) =>
          ctx.progress({
            stage: `Training ${label} · epoch ${p.epoch}/${params.epochs}`,
            done: (k * params.epochs + p.epoch - 1) * batchesPerEpoch + p.batch,
            total,
            metrics: { member: k + 1, epoch: p.epoch, loss: p.loss, accuracy: p.accuracy, samplesPerSecond: p.samplesPerSecond },
          }),
        onEpoch: async (record, history) => {
          member.history = [...history];
          member.epochsDone = record.epoch;
          await store.write(status);
        },
      });
      member.parameters = parameterCount(model).total;
      member.state = 'done';
      await store.write(status);
      models.push(model);
    }
    ctx.progress({ stage: 'Evaluating members and ensemble', done: total, total });
    const evaluation = await evaluateRun(models, channels, data, status, ctx);
    await store.writeEvaluation(evaluation);
    ctx.progress({ stage: 'Writing bundles', done: total, total });
    const bundles: string[] = [];
    for (const [k, model] of models.entries()) {
      const member = status.members[k]!;
      if (!mappable(channels[k]!)) continue; // SAR members: scenes to map carry no SAR
      const scores = evaluation.members[k]!.scores;
      member.bundle = await exportMember(store.bundleDir(k), model, { status, index: k, channels: channels[k]!, sen2: data.sen2, backend: status.backend!, scores, data: evaluation.data });
      bundles.push(member.bundle);
    }
    status.evaluated = true;
    status.state = 'done';
    await store.write(status);
    return [store.statusFile, `${runDir}/evaluation.json`, ...bundles];
  } catch (error) {
    const cancelled = ctx.signal.aborted;
    const member = status.members[current];
    if (member && member.state === 'training') {
      member.state = cancelled ? 'cancelled' : 'failed';
      member.reason = cancelled ? null : error instanceof Error ? error.message : String(error);
    }
    status.state = cancelled ? 'cancelled' : 'failed';
    status.reason = cancelled ? null : error instanceof Error ? error.message : String(error);
    await store.write(status).catch(() => undefined);
    throw error;
  } finally {
    await data.file.close();
    await data.test?.close();
  }
}

async function evaluateRun(models: LayersModel[], channels: MemberChannels[], data: Data, status: RunStatus, ctx: RunContext): Promise<Evaluation> {
  const sets = evaluationSets(data);
  const fitted: Predictions[] = [];
  const scored: Predictions[] = [];
  for (const [k, model] of models.entries()) {
    ctx.signal.throwIfAborted();
    const predictor = await MemberPredictor.open(model, channels[k]!);
    try {
      fitted.push(await predictor.predict(data.file, sets.fit, data, ctx.signal));
      scored.push(await predictor.predict(sets.scoreFile, sets.score, data, ctx.signal));
    } finally {
      await predictor.dispose();
    }
  }
  const temperatures = fitted.map(temperatureFor);
  const members = scored.map((p, k) => ({
    name: `${k + 1}: ${status.members[k]!.spec.arch} (${status.members[k]!.spec.inputs}, seed ${status.members[k]!.spec.seed})`,
    scores: scoresOf(p, withTemperature(p.probabilities, temperatures[k]!), temperatures[k]!),
  }));
  const fusion = status.params.fusion;
  const ensemble =
    models.length > 1
      ? {
          fusion,
          // The ensemble as the mapping engine runs it: members calibrated one by one, then fused.
          scores: scoresOf(
            { probabilities: fuse(scored.map((p) => p.probabilities), fusion), labels: scored[0]!.labels },
            fuse(scored.map((p, k) => withTemperature(p.probabilities, temperatures[k]!)), fusion),
            1,
          ),
        }
      : null;
  return { data: sets.label, members, ensemble };
}
