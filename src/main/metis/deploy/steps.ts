/**
 * The deploy's steps as records (check -> calibration -> compile -> load -> verify -> benchmark), for the job's
 * progress, the app's stepper and deployment.json. A step that throws ends failed with its message, the ones after
 * it stay pending; a cancel ends the running step cancelled.
 */
import { DEPLOY_STEP_IDS, type DeployStep, type DeployStepId } from '../../../shared/contract/metis';

export class StepTracker {
  readonly steps: DeployStep[];

  constructor(
    private readonly simulated: boolean,
    private readonly onChange: (steps: readonly DeployStep[]) => void = () => undefined,
  ) {
    this.steps = DEPLOY_STEP_IDS.map((id) => ({ id, status: 'pending', startedAt: null, endedAt: null, message: null, simulated }));
  }

  private set(id: DeployStepId, patch: Partial<DeployStep>): void {
    const step = this.steps.find((s) => s.id === id)!;
    Object.assign(step, patch);
    if (this.simulated && patch.message && !patch.message.startsWith('(simulated)')) step.message = `(simulated) ${patch.message}`;
    this.onChange(this.steps);
  }

  /** Runs one step; `work` returns the step's one-line summary with its result. */
  async run<T>(id: DeployStepId, signal: AbortSignal | undefined, work: () => Promise<{ value: T; message: string }>): Promise<T> {
    signal?.throwIfAborted();
    this.set(id, { status: 'running', startedAt: new Date().toISOString() });
    try {
      const { value, message } = await work();
      this.set(id, { status: 'succeeded', endedAt: new Date().toISOString(), message });
      return value;
    } catch (error) {
      const cancelled = signal?.aborted === true;
      this.set(id, { status: cancelled ? 'cancelled' : 'failed', endedAt: new Date().toISOString(), message: cancelled ? 'cancelled' : error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  skip(id: DeployStepId, why: string): void {
    this.set(id, { status: 'skipped', message: why });
  }
}
