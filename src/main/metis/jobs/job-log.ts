/**
 * What a Metis job (deploy, benchmark, firmware update) writes as it goes, for the faces to follow: its steps and the
 * end of everything the vendor's tools printed (metisJobLogSchema). A job's progress record carries numbers only; the
 * Deploy view's stepper and log read this file instead (metis/log). Written whole each time (atomic-write.ts), at
 * most every quarter second, and once more at the end.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { metisJobLogSchema, type DeployStep, type MetisJobLog } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import { writeFileAtomic } from '../../workspace/atomic-write';

const KEEP_CHARS = 64 * 1024;
const INTERVAL_MS = 250;

export class JobLog {
  private steps: DeployStep[] = [];
  private text = '';
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string | undefined,
    private readonly kind: MetisJobLog['kind'],
    private simulated = false,
  ) {}

  setSimulated(simulated: boolean): void {
    this.simulated = simulated;
    this.schedule();
  }

  setSteps(steps: readonly DeployStep[]): void {
    this.steps = steps.map((s) => ({ ...s }));
    this.schedule();
  }

  append(text: string): void {
    this.text = (this.text + text).slice(-KEEP_CHARS);
    this.schedule();
  }

  /** Writes what is pending now, and waits for it. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.write();
  }

  private schedule(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.write();
    }, INTERVAL_MS);
  }

  private write(): Promise<void> {
    if (!this.file) return Promise.resolve();
    const file = this.file;
    const record: MetisJobLog = { kind: this.kind, steps: this.steps, log: this.text, updatedAt: new Date().toISOString(), simulated: this.simulated };
    // One write at a time, in order; a failed write (a full disk) must not fail the job: the log is for watching.
    this.writing = this.writing
      .then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await writeFileAtomic(file, `${JSON.stringify(record)}\n`);
      })
      .catch(() => undefined);
    return this.writing;
  }
}

/** A job's log as last written; null before its first write. */
export async function readJobLog(file: string): Promise<MetisJobLog | null> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError('is not a Metis job log (not JSON)', file);
  }
  const parsed = metisJobLogSchema.safeParse(json);
  if (!parsed.success) throw new UserError('is not a Metis job log written by this version of LCZ Studio', file);
  return parsed.data;
}
