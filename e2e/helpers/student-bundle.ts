// A student model trained for real, quickly: synthetic So2Sat patches cut by `lcz so2sat synth`, a tiny CNN trained
// on them by `lcz train` (a minute or so on two cores), its bundle left in the workspace's runs, where the Mapping
// tab lists it. A weak model by design: the comparison with the demo teacher has something to show.
import { join } from 'node:path';
import { startLcz } from '../../test/helpers/lcz-cli';

async function lcz(workspace: string, ...args: string[]): Promise<void> {
  const run = await startLcz({ workspace, timeoutMs: 600_000 }, ...args).done;
  if (run.status !== 0) throw new Error(`lcz ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr}`);
}

/** Trains the student into `workspace`/runs/student; returns its bundle's folder. */
export async function trainStudentBundle(workspace: string, scratch: string): Promise<string> {
  const data = join(scratch, 'student-so2sat.h5');
  const run = join(workspace, 'runs', 'student');
  await lcz(workspace, 'so2sat', 'synth', '--n', '3000', '--seed', '5', '--out', data);
  await lcz(workspace, 'train', '--train', data, '--member', 'tiny-cnn', '--epochs', '4', '--normalisation', 'file', '--name', 'Student', '--out', run);
  return join(run, 'bundles', '1');
}
