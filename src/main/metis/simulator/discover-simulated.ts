/**
 * SIMULATOR ONLY. Discovery of the simulated machine: the real discovery (discovery/discover.ts) pointed at the
 * simulator's sysfs tree, /dev and group file. One scenario needs help: permission denied. Its nodes have mode 0000
 * and its group file leaves the user out, which the kernel enforces for any user but root; root may open anything,
 * so when LCZ Studio runs as root the denial is added here, marked as simulated, and the axdevice failure that follows
 * from it dropped (a user who cannot open the node never gets a listing).
 */
import type { MetisStatus } from '../../../shared/contract/metis';
import { discoverMetis } from '../discovery/discover';
import { problems } from '../discovery/problems';
import type { Simulator } from './simulator';

export async function discoverSimulated(sim: Simulator): Promise<MetisStatus> {
  const status = await discoverMetis(sim.discoverOptions);
  if (sim.state.scenario !== 'permission-denied') return status;
  const cause = 'the "axelera" group does not include this user (simulated: the scenario denies access; LCZ Studio runs as root, which the kernel would let in)';
  const denied = status.devices.filter((d) => d.accessible);
  return {
    ...status,
    devices: status.devices.map((d) => (d.accessible ? { ...d, accessible: false, accessProblem: cause, board: null, firmware: null } : d)),
    problems: [...status.problems.filter((p) => p.code !== 'axdevice-failed'), ...denied.map((d) => problems.noPermission({ simulated: true }, d.pciAddress, cause))],
  };
}
