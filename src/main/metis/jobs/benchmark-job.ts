/**
 * The metis-benchmark job: a deployment measured again with axrunmodel (deploy/benchmark-step.ts), on the card it
 * was made for (or the simulated one, when it was made there). Its benchmark.json and the benchmark in
 * deployment.json are replaced, each written whole.
 */
import { join } from 'node:path';
import { DEPLOYMENT_FILE, type DeployStep, type MetisBenchmarkParams } from '../../../shared/contract/metis';
import { writeFileAtomic } from '../../workspace/atomic-write';
import { benchmarkStep } from '../deploy/benchmark-step';
import { readDeployment } from '../deploy/deployment-folder';
import { readyDevice } from '../deploy/ready-device';
import { openHostForDeployment } from '../host';
import { simulatedFailure, type MetisJobContext } from './job-context';
import { JobLog } from './job-log';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function benchmarkJob(params: MetisBenchmarkParams, ctx: MetisJobContext): Promise<string[]> {
  const deployment = await readDeployment(params.deployment);
  const log = new JobLog(params.log, 'benchmark', deployment.simulated);
  const step: DeployStep = { id: 'benchmark', status: 'running', startedAt: new Date().toISOString(), endedAt: null, message: null, simulated: deployment.simulated };
  const host = await openHostForDeployment(deployment, params.deployment);
  try {
    log.setSteps([step]);
    ctx.progress({ stage: `Benchmarking${host.simulated ? ' (simulated)' : ''}`, done: 0, total: 1 });
    const { location } = await readyDevice(host, params.device);
    const benchmark = await benchmarkStep({
      host,
      location,
      model: join(params.deployment, deployment.compile.model),
      device: params.device,
      seconds: params.seconds,
      aipuCores: params.aipuCores,
      onLog: (text) => log.append(text),
      signal: ctx.signal,
    });
    await writeFileAtomic(join(params.deployment, 'benchmark.json'), json(benchmark));
    await writeFileAtomic(join(params.deployment, DEPLOYMENT_FILE), json({ ...deployment, benchmark }));
    log.setSteps([{ ...step, status: 'succeeded', endedAt: new Date().toISOString(), message: `${host.simulated ? '(simulated) ' : ''}system ${benchmark.fps.system?.toFixed(0) ?? 'n/a'} FPS` }]);
    ctx.progress({ stage: 'Done', done: 1, total: 1 });
    return [join(params.deployment, 'benchmark.json'), join(params.deployment, DEPLOYMENT_FILE)];
  } catch (error) {
    const message = ctx.signal.aborted ? 'cancelled' : error instanceof Error ? error.message : String(error);
    log.setSteps([{ ...step, status: ctx.signal.aborted ? 'cancelled' : 'failed', endedAt: new Date().toISOString(), message }]);
    log.append(`\n${message}\n`);
    throw simulatedFailure(error, host.simulated);
  } finally {
    await log.flush();
    await host.close();
  }
}
