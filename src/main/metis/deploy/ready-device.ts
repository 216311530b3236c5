/**
 * Before anything goes to the card: the machine as discovery sees it (the card, its driver and /dev node, the user's
 * permission, the SDK, axdevice's listing), the device asked for, and the problems that stop it, each with its remedy,
 * in one line. Problems of other cards do not stop this one.
 */
import type { MetisDevice, MetisProblem, MetisStatus } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import type { MetisHost } from '../host';
import type { SdkLocation } from '../sdk/locate-sdk';

export interface ReadyDevice {
  device: MetisDevice;
  location: SdkLocation;
  status: MetisStatus;
  /** The warnings that concern it (a firmware older than the SDK), as sentences. */
  warnings: string[];
}

/** The device axdevice lists as `index` (or, without a listing, the index-th card on the bus); null when there is none. */
export function pickDevice(devices: readonly MetisDevice[], index: number): MetisDevice | null {
  return devices.find((d) => d.board?.index === index) ?? (devices.some((d) => d.board) ? null : (devices[index] ?? null));
}

/** Problems in one line: the message and remedy of each kind of problem once. */
export function describeProblems(problems: readonly MetisProblem[]): string {
  const seen = new Set<string>();
  return problems
    .filter((p) => !seen.has(p.code) && seen.add(p.code))
    .map((p) => `${p.message}: ${p.remedy}`)
    .join('; ');
}

export async function readyDevice(host: MetisHost, index: number): Promise<ReadyDevice> {
  const status = await host.discover();
  const device = pickDevice(status.devices, index);
  const concerns = (p: MetisProblem) => p.pciAddress === null || p.pciAddress === device?.pciAddress;
  const blockers = status.problems.filter((p) => p.severity === 'blocker' && concerns(p));
  if (blockers.length > 0) throw new UserError(describeProblems(blockers));
  if (!device) {
    const n = status.devices.length;
    throw new UserError(n === 0 ? `no Metis card was found${host.simulated ? ' (simulated)' : ''}` : `there is no Metis device ${index}: this machine has ${n} (0-${n - 1}, as axdevice lists them)`);
  }
  const warnings = status.problems.filter((p) => p.severity === 'warning' && concerns(p)).map((p) => p.message);
  return { device, location: await host.locateSdk(), status, warnings };
}
