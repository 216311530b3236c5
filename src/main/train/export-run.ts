import type { ExportOnnxParams } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { PUBLISHED_SEN2 } from '../so2sat/normalise';
import { loadCheckpoint } from './checkpoint';
import { exportMember } from './export-member';
import { mappable, memberChannels } from './input-modes';
import { RunStore } from './run-store';
import type { RunContext } from './run-context';
import { compiledModel } from './train-member';
import { initTrainingBackend } from './backend';
import { join } from 'node:path';

/**
 * Writes the bundles of a run's members from their last checkpoints: with another opset, into another folder, or
 * for a run that was cancelled before it ended (those bundles say they are not calibrated).
 */
export async function exportRun(params: ExportOnnxParams, ctx: RunContext): Promise<string[]> {
  const store = new RunStore(params.runDir);
  const status = await store.read();
  const evaluation = await store.readEvaluation();
  await initTrainingBackend();
  const sen2 = status.normalisation?.sen2 ?? (status.params.normalisation === 'published' ? PUBLISHED_SEN2 : null);
  if (!sen2) throw new UserError('does not record the band statistics its members were trained with; train it again', store.statusFile);
  const written: string[] = [];
  for (const [k, member] of status.members.entries()) {
    ctx.signal.throwIfAborted();
    const channels = memberChannels(member.spec);
    if (!mappable(channels) || member.epochsDone === 0) continue;
    ctx.progress({ stage: `Exporting member ${k + 1}`, done: k, total: status.members.length });
    const { model, optimizer } = compiledModel(member.spec, channels.names.length, status.params.learningRate);
    if (!(await loadCheckpoint(store.memberDir(k), model, optimizer))) continue;
    const dir = params.out ? join(params.out, String(k + 1)) : store.bundleDir(k);
    written.push(
      await exportMember(dir, model, {
        status,
        index: k,
        channels,
        sen2,
        backend: status.backend ?? { name: 'unknown', threads: 1, simd: false, version: '', notes: [] },
        scores: evaluation?.members[k]?.scores ?? null,
        data: evaluation?.data ?? '',
        opset: params.opset,
      }),
    );
  }
  if (written.length === 0) throw new UserError('has no trained member that can become a mapping bundle (members need at least one finished epoch and no SAR input)', params.runDir);
  return written;
}
