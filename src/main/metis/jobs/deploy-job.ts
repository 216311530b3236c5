/**
 * The metis-deploy job: deployToMetis (deploy/deploy.ts) on the machine's card, or on the simulated one when the
 * simulator is on, with its steps as the job's progress and, with the tools' output, in the job's log file
 * (job-log.ts) for the Deploy view's stepper. Returns the deployment folder.
 */
import { DEPLOY_STEP_IDS, type DeployStep, type MetisDeployParams } from '../../../shared/contract/metis';
import { deployToMetis } from '../deploy/deploy';
import { defaultRunnerDir, openMetisHost } from '../host';
import { simulatedFailure, type MetisJobContext } from './job-context';
import { JobLog } from './job-log';

export const STEP_LABELS: Record<DeployStep['id'], string> = {
  check: 'Checking the card and the model',
  calibration: 'Writing the calibration set',
  compile: 'Compiling for the card',
  load: 'Loading onto the card',
  verify: 'Verifying on the card',
  benchmark: 'Benchmarking',
};

export async function deployJob(params: MetisDeployParams, ctx: MetisJobContext): Promise<string[]> {
  const log = new JobLog(params.log, 'deploy');
  const host = await openMetisHost({ runnerDir: defaultRunnerDir() });
  log.setSimulated(host.simulated);
  const ended = new Set<string>();
  const progress = (steps: readonly DeployStep[]) => {
    log.setSteps(steps);
    for (const step of steps) {
      if (step.status === 'pending' || step.status === 'running' || ended.has(step.id)) continue;
      ended.add(step.id);
      log.append(`[${step.id}] ${step.status}: ${step.message ?? ''}\n`);
    }
    // The step under way, or the one about to start (a step's end and the next one's start come apart).
    const current = steps.find((s) => s.status === 'running') ?? steps.find((s) => s.status === 'pending');
    const done = steps.filter((s) => s.status === 'succeeded' || s.status === 'skipped').length;
    const label = current ? STEP_LABELS[current.id] : 'Finishing the deployment';
    ctx.progress({ stage: `${label}${host.simulated ? ' (simulated)' : ''}`, done, total: DEPLOY_STEP_IDS.length });
  };
  try {
    const { dir } = await deployToMetis(
      {
        bundle: params.bundle,
        calibration: params.calibration,
        int8Bundle: params.int8Bundle,
        device: params.device,
        out: params.out,
        aipuCores: params.aipuCores,
        samples: params.samples,
        verifyPatches: params.verifyPatches,
        benchmarkSeconds: params.benchmarkSeconds,
        route: params.route,
      },
      { host, signal: ctx.signal, onSteps: progress, onLog: (text) => log.append(text) },
    );
    return [dir];
  } catch (error) {
    const failure = simulatedFailure(error, host.simulated);
    log.append(`\n${ctx.signal.aborted ? 'Cancelled: nothing was written.' : `Failed: ${failure instanceof Error ? failure.message : String(failure)}`}\n`);
    throw failure;
  } finally {
    await log.flush();
    await host.close();
  }
}
