/**
 * A training run from start to finish: open the data, split it, train each member (resuming where a previous
 * attempt stopped), evaluate members and ensemble on held-out data with calibration, and write each mappable member
 * as a bundle carrying its fitted temperature. run.json says where the run stands at every epoch. A distillation
 * run (params.distillation) is the same run whose members are students of a teacher (distill/run-teacher.ts).
 */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BackendInfo, RunFile, TrainParams } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { initTrainingBackend } from './backend';
import { loadCheckpoint, restoreCheckpoint } from './checkpoint';
import { evaluateRun } from '../evaluation/evaluate-run';
import { exportMember } from './export-member';
import { mappable, memberChannels } from './input-modes';
import { closeRunData, openRunData, type RunData } from './run-data';
import type { RunContext } from './run-context';
import { workerAlive } from './run-liveness';
import { doneRun, newRunStatus, recordNonFinite, stoppedRun, trainingNow } from './run-status';
import { RunStore } from './run-store';
import { compiledModel, trainMember } from './train-member';
import type { CachedTeacherObjective } from './distill/distill-objective';
import { checkRunTeacher, distillationObjective } from './distill/run-teacher';
import { parameterCount } from './zoo';
import { withFileLock } from '../workspace/file-lock';

export { newRunStatus } from './run-status';

/**
 * run.json of the run to train, written as this process's: a new one, or the saved one to continue (refused while
 * another process trains it). A resume reads, checks and writes under run.json's lock: two resumes started at once
 * would otherwise both read "interrupted" and train the run side by side; this way the second sees the first's process.
 */
async function startStatus(store: RunStore, runDir: string, fresh: TrainParams | null): Promise<RunFile> {
  if (fresh) {
    const status = newRunStatus({ ...fresh, runDir }, fresh.members.map(memberChannels));
    await store.write(status);
    return status;
  }
  return withFileLock(store.statusFile, async (lock) => {
    const saved = await store.read();
    if (saved.state === 'training' && workerAlive(saved.worker)) {
      throw new UserError(`is being trained by process ${saved.worker!.pid}; cancel that run before resuming it`, store.statusFile);
    }
    const status = trainingNow(saved);
    lock.assertHeld();
    await store.write(status);
    return status;
  });
}

export async function trainRun(runDir: string, fresh: TrainParams | null, ctx: RunContext): Promise<string[]> {
  const store = new RunStore(runDir);
  let status = await startStatus(store, runDir, fresh);
  // From here on run.json exists: whatever stops this run (bad data, a cancel during the statistics pass, a full
  // disk) must leave it failed or cancelled, never "training" with no process behind it.
  let data: RunData | null = null;
  let objective: CachedTeacherObjective | null = null;
  try {
    const params = status.params;
    const channels = params.members.map(memberChannels);
    // Distillation: the teacher is checked (and on a resume compared with the one the run began with) before any
    // work, the data check's pass over the training file included.
    const teachers = params.distillation ? await checkRunTeacher(status, store) : null;
    const backend = await initTrainingBackend();
    status.backend = { name: backend.name, threads: backend.threads, simd: backend.simd, version: backend.version, notes: backend.notes } satisfies BackendInfo;
    await store.write(status);

    data = await openRunData(params, channels, status.normalisation, ctx);
    const { file, test } = data;
    status.normalisation = { sen2: { mean: [...data.sen2.mean], std: [...data.sen2.std] }, sen1: data.sen1 ? { mean: [...data.sen1.mean], std: [...data.sen1.std] } : null };
    await store.write(status);
    // The teacher's outputs over the run's patches (cached, or one streaming pass), unless every student is trained.
    if (teachers && status.members.some((m) => m.state !== 'done')) objective = await distillationObjective(teachers, status, data, store, ctx);
    const models: LayersModel[] = [];
    const batchesPerEpoch = Math.ceil(data.train.length / params.batchSize);
    const total = params.members.length * params.epochs * batchesPerEpoch;
    for (const [k, spec] of params.members.entries()) {
      const member = status.members[k]!;
      const label = `member ${k + 1}/${params.members.length} (${spec.arch}, ${spec.inputs})`;
      if (member.state === 'done') {
        // Trained by an earlier attempt: its checkpoint holds the final weights.
        const { model, optimizer } = compiledModel(spec, channels[k]!.names.length, params.learningRate);
        if (!(await loadCheckpoint(store.memberDir(k), model, optimizer))) throw new UserError(`member ${k + 1} is done but has no checkpoint; train the run again`, store.memberDir(k));
        models.push(model);
        continue;
      }
      if (member.epochsDone > 0 && !(await restoreCheckpoint(store.memberDir(k)))) {
        ctx.warn(`${store.memberDir(k)}: no checkpoint, although ${member.epochsDone} epochs were recorded: member ${k + 1} trains again from its first epoch`);
        member.epochsDone = 0;
        member.history = [];
      }
      member.state = 'training';
      member.reason = null;
      await store.write(status);
      const { model } = await trainMember({
        file,
        train: data.train,
        validation: data.validation,
        spec,
        channels: channels[k]!,
        sen2: data.sen2,
        sen1: data.sen1,
        params,
        memberDir: store.memberDir(k),
        signal: ctx.signal,
        objective,
        onBatch: (p) =>
          ctx.progress({
            stage: `Training ${label} · epoch ${p.epoch}/${params.epochs}`,
            done: (k * params.epochs + p.epoch - 1) * batchesPerEpoch + p.batch,
            total,
            metrics: {
              member: k + 1,
              epoch: p.epoch,
              loss: p.loss,
              accuracy: p.accuracy,
              samplesPerSecond: p.samplesPerSecond,
              ...(p.hardLoss === undefined ? {} : { hardLoss: p.hardLoss, softLoss: p.softLoss! }),
            },
          }),
        onEpoch: async (record, history) => {
          member.history = [...history];
          member.epochsDone = record.epoch;
          recordNonFinite(status, file, test);
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
    recordNonFinite(status, file, test);
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
    status = doneRun(status);
    await store.write(status);
    return [store.statusFile, `${runDir}/evaluation.json`, ...bundles];
  } catch (error) {
    if (data) recordNonFinite(status, data.file, data.test);
    status = stoppedRun(status, ctx.signal.aborted, error);
    await store.write(status).catch(() => undefined);
    throw error;
  } finally {
    await objective?.close();
    await closeRunData(data);
  }
}
