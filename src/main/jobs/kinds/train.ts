import type { ExportOnnxParams, TrainParams } from '../../../shared/contract/training';
import type { DistillParams } from '../../../shared/contract/distill';
import { distillRun } from '../../train/distill/distill-run';
import { evaluateBundles } from '../../evaluation/evaluate-bundles';
import { exportRun } from '../../train/export-run';
import { trainRun } from '../../train/train-run';
import type { EvaluateModelParams } from '../../../shared/contract/training';
import type { JobContext } from '../job-context';

const runContext = (ctx: JobContext) => ({
  signal: ctx.signal,
  progress: ctx.progress,
  // Warnings reach the job's log (stderr); the run records the serious ones itself.
  warn: (message: string) => process.stderr.write(`${message}\n`),
});

/** A new training run (params.runDir is set by the core or the CLI). */
export function runTrain(params: TrainParams, ctx: JobContext): Promise<string[]> {
  if (!params.runDir) throw new Error('train job started without a run folder');
  return trainRun(params.runDir, params, runContext(ctx));
}

/** A student distilled from a teacher: a training run of its own (params.runDir is set by the core or the CLI). */
export function runDistill(params: DistillParams, ctx: JobContext): Promise<string[]> {
  return distillRun(params, runContext(ctx));
}

/** Continues a run (a distillation run too) from its members' last checkpoints. */
export function runResumeTraining(params: { runDir: string }, ctx: JobContext): Promise<string[]> {
  return trainRun(params.runDir, null, runContext(ctx));
}

export async function runEvaluateModel(params: EvaluateModelParams, ctx: JobContext): Promise<string[]> {
  await evaluateBundles(params, runContext(ctx));
  return [params.out];
}

export function runExportOnnx(params: ExportOnnxParams, ctx: JobContext): Promise<string[]> {
  return exportRun(params, runContext(ctx));
}
