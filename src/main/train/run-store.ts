import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluationRecordSchema, runFileSchema, type EvaluationRecord, type RunFile } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
import { InputFileError, readRegularText } from '../files/input-file';
import { writeFileAtomic } from '../workspace/atomic-write';

/**
 * A training run on disk:
 *   run.json                 where the run stands (params, backend, members with their curves); replaced atomically
 *   members/<k>/checkpoint/  the member's last complete epoch (checkpoint.ts)
 *   bundles/<k>/             the member's mapping bundle, exported when its training ends
 *   evaluation.json          accuracy and calibration of the members and the ensemble, and the non-finite values
 *                            met in the data scored
 *   teacher/<key>/           a distillation run's cached teacher outputs (distill/teacher-cache.ts)
 */
export class RunStore {
  constructor(readonly dir: string) {}

  get statusFile(): string {
    return join(this.dir, 'run.json');
  }

  memberDir(index: number): string {
    return join(this.dir, 'members', String(index + 1));
  }

  bundleDir(index: number): string {
    return join(this.dir, 'bundles', String(index + 1));
  }

  async read(): Promise<RunFile> {
    let text: string;
    try {
      text = await readRegularText(this.statusFile, { what: 'a run file' });
    } catch (error) {
      // runs/get takes any folder: a run.json that is a FIFO must be refused, not waited on.
      if (error instanceof InputFileError && error.problem !== 'missing') throw error;
      throw new UserError('is not a training run (it has no run.json)', this.dir);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UserError(`is damaged: it is not JSON (${(error as Error).message})`, this.statusFile);
    }
    const parsed = runFileSchema.safeParse(json);
    if (!parsed.success) throw new UserError(`is damaged: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, this.statusFile);
    return parsed.data;
  }

  async write(status: RunFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.statusFile, `${JSON.stringify({ ...status, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  }

  async writeEvaluation(evaluation: EvaluationRecord): Promise<void> {
    await writeFileAtomic(join(this.dir, 'evaluation.json'), `${JSON.stringify(evaluation, null, 2)}\n`);
  }

  async readEvaluation(): Promise<EvaluationRecord | null> {
    const text = await readRegularText(join(this.dir, 'evaluation.json')).catch(() => null);
    return text === null ? null : evaluationRecordSchema.parse(JSON.parse(text));
  }
}
