import { resolve } from 'node:path';
import type { MappingDevice } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { request } from '../cli-core';

/** `lcz map --device metis [--deployment DIR]`: the deployment to map with, the newest of the model when none is given. */
export async function mappingDevice(device: 'cpu' | 'metis', bundles: readonly string[], deployment: string | undefined): Promise<MappingDevice | undefined> {
  if (device === 'cpu') {
    if (deployment) throw new UserError('--deployment runs a model on the Metis card: give it with --device metis');
    return undefined;
  }
  if (bundles.length !== 1) throw new UserError(`--device metis runs one model on the card; ${bundles.length} --model bundles were given (an ensemble maps on the CPU)`);
  if (deployment) return { kind: 'metis', deployment: resolve(deployment), index: 0 };
  const [newest] = await request('metis/deployments', { bundle: bundles[0]! });
  if (!newest) throw new UserError(`has no Metis deployment: deploy it first (lcz metis deploy --bundle ${bundles[0]} --calibration ...), or give --deployment`, bundles[0]);
  return { kind: 'metis', deployment: newest.dir, index: 0 };
}
