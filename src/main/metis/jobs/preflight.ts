/**
 * The outputs of the Metis jobs, checked before they start (jobs/preflight.ts hands them here): a deployment folder
 * is new, empty or an earlier deployment (which a complete new one replaces); a benchmark needs a deployment; every
 * job's log is a file it may replace. The inputs are read by the jobs themselves, with their own messages.
 */
import { DEPLOYMENT_FILE } from '../../../shared/contract/metis';
import type { JobRequest } from '../../../shared/contract/jobs';
import { checkOutputLocation, type OutputLocation } from '../../files/output-location';
import { readDeployment } from '../deploy/deployment-folder';

const FILE: OutputLocation = { kind: 'file', createsParents: true };

const DEPLOYMENT_FOLDER: OutputLocation = {
  kind: 'folder',
  createsParents: true,
  existing: (entries) =>
    entries.length === 0 || entries.includes(DEPLOYMENT_FILE)
      ? null
      : `this folder exists and is not a Metis deployment (no ${DEPLOYMENT_FILE}); LCZ Studio will not replace it: choose another folder`,
};

type MetisRequest = Extract<JobRequest, { kind: 'metis-deploy' | 'metis-benchmark' | 'metis-firmware-update' }>;

export async function checkMetisJobOutputs(request: MetisRequest): Promise<void> {
  const log = request.params.log;
  if (log) await checkOutputLocation(log, FILE);
  switch (request.kind) {
    case 'metis-deploy':
      return checkOutputLocation(request.params.out, DEPLOYMENT_FOLDER);
    case 'metis-benchmark':
      await readDeployment(request.params.deployment);
      return checkOutputLocation(request.params.deployment, { kind: 'folder', createsParents: false, existing: 'any' });
    case 'metis-firmware-update':
      return;
  }
}
