import type { MetisBenchmarkParams, MetisDeployParams, MetisFirmwareParams } from '../../../shared/contract';
import type { JobContext } from '../job-context';

/** The Metis jobs: deploy a bundle to the card, benchmark a deployment, update a card's firmware (main/metis/jobs/). */
export async function runMetisDeploy(params: MetisDeployParams, ctx: JobContext): Promise<string[]> {
  return (await import('../../metis/jobs/deploy-job')).deployJob(params, ctx);
}

export async function runMetisBenchmark(params: MetisBenchmarkParams, ctx: JobContext): Promise<string[]> {
  return (await import('../../metis/jobs/benchmark-job')).benchmarkJob(params, ctx);
}

export async function runMetisFirmwareUpdate(params: MetisFirmwareParams, ctx: JobContext): Promise<string[]> {
  return (await import('../../metis/jobs/firmware-job')).firmwareJob(params, ctx);
}
