/**
 * SIMULATOR ONLY. Writes a fake sysfs PCI tree and /dev nodes, laid out as Linux lays them out, so that the real
 * discovery code (discovery/) reads them exactly as it reads /sys and /dev:
 *
 *   <root>/sys/devices/pci0000:00/<port>/.../<address>/{vendor, device, class, driver -> bus/pci/drivers/<name>}
 *   <root>/sys/bus/pci/devices/<address> -> ../../../devices/pci0000:00/.../<address>
 *   <root>/sys/bus/thunderbolt, <nhi>/domainN/subsystem -> bus/thunderbolt, device links supplier:pci:<nhi>
 *   <root>/dev/metis-0-1-0 (a regular file: nodes cannot be made without root) and its compatibility link metis-0:1:0
 */
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AXELERA_VENDOR_ID, deviceNodeNames, parsePciAddress } from '../discovery/pci-ids';

export interface FakePciDevice {
  address: string;
  vendor: number;
  device: number;
  /** PCI class; bridges 0x060400. */
  pciClass?: number;
  /** Bound driver name, or null. */
  driver?: string | null;
  /** Address of the bridge it hangs from; absent: the root complex. */
  parent?: string;
  /** The kernel's `removable` attribute ("removable" below external-facing ports). */
  removable?: boolean;
  /** A Thunderbolt domain this device owns ("domain0"): a USB4 host router or Thunderbolt controller. */
  thunderboltDomain?: string;
  /** Devices this one has device links to (as the kernel links USB4-tunnelled root ports to their host router). */
  suppliers?: string[];
}

export type NodeNames = 'both' | 'current' | 'legacy' | 'none';

const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, '0')}`;

function devicePath(sys: string, byAddress: Map<string, FakePciDevice>, d: FakePciDevice): string {
  const chain: string[] = [];
  for (let at: FakePciDevice | undefined = d; at; at = at.parent ? byAddress.get(at.parent) : undefined) chain.unshift(at.address);
  return join(sys, 'devices', 'pci0000:00', ...chain);
}

/** Writes the tree under `<root>/sys`; returns the sysfs root. */
export async function writeFakeSysfs(root: string, devices: readonly FakePciDevice[]): Promise<string> {
  const sys = join(root, 'sys');
  const byAddress = new Map(devices.map((d) => [d.address, d]));
  await mkdir(join(sys, 'bus', 'pci', 'devices'), { recursive: true });
  await mkdir(join(sys, 'bus', 'thunderbolt', 'devices'), { recursive: true });
  await mkdir(join(sys, 'devices', 'virtual', 'devlink'), { recursive: true });
  for (const d of devices) {
    const dir = devicePath(sys, byAddress, d);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'vendor'), `${hex(d.vendor, 4)}\n`);
    await writeFile(join(dir, 'device'), `${hex(d.device, 4)}\n`);
    await writeFile(join(dir, 'class'), `${hex(d.pciClass ?? 0x120000, 6)}\n`);
    if (d.removable) await writeFile(join(dir, 'removable'), 'removable\n');
    if (d.driver) {
      const driverDir = join(sys, 'bus', 'pci', 'drivers', d.driver);
      await mkdir(driverDir, { recursive: true });
      await symlink(relative(dir, driverDir), join(dir, 'driver'));
    }
    if (d.thunderboltDomain) {
      const domain = join(dir, d.thunderboltDomain);
      await mkdir(domain, { recursive: true });
      await symlink(relative(domain, join(sys, 'bus', 'thunderbolt')), join(domain, 'subsystem'));
    }
    await symlink(relative(join(sys, 'bus', 'pci', 'devices'), dir), join(sys, 'bus', 'pci', 'devices', d.address));
  }
  for (const d of devices) {
    for (const supplier of d.suppliers ?? []) {
      const link = join(sys, 'devices', 'virtual', 'devlink', `pci:${supplier}--pci:${d.address}`);
      await mkdir(link, { recursive: true });
      await symlink(relative(link, devicePath(sys, byAddress, byAddress.get(supplier)!)), join(link, 'supplier'));
      await symlink(relative(link, devicePath(sys, byAddress, d)), join(link, 'consumer'));
      const consumer = devicePath(sys, byAddress, d);
      await symlink(relative(consumer, link), join(consumer, `supplier:pci:${supplier}`));
    }
  }
  return sys;
}

/** Writes each Metis card's /dev node under `<root>/dev`, named as the driver names it; returns the dev root. */
export async function writeFakeDevNodes(root: string, addresses: readonly string[], names: NodeNames = 'both', mode = 0o660): Promise<string> {
  const dev = join(root, 'dev');
  await mkdir(dev, { recursive: true });
  if (names === 'none') return dev;
  for (const address of addresses) {
    const [current, legacy] = deviceNodeNames(parsePciAddress(address)!);
    const main = join(dev, names === 'legacy' ? legacy : current);
    await writeFile(main, '');
    await chmod(main, mode);
    if (names === 'both') await symlink(current, join(dev, legacy)); // the driver's compatibility link
  }
  return dev;
}

// Building blocks for trees: a bridge, a Metis card, a USB4 host router.

export function bridge(address: string, parent?: string, extra: Partial<FakePciDevice> = {}): FakePciDevice {
  return { address, vendor: 0x8086, device: 0x7ab8, pciClass: 0x060400, driver: 'pcieport', parent, ...extra };
}

export function metisCard(address: string, parent: string | undefined, extra: Partial<FakePciDevice> = {}): FakePciDevice {
  return { address, vendor: AXELERA_VENDOR_ID, device: 0x1100, pciClass: 0x120000, driver: 'axl', parent, ...extra };
}

export function usb4HostRouter(address: string, domain = 'domain0'): FakePciDevice {
  return { address, vendor: 0x8086, device: 0x9a1b, pciClass: 0x0c0340, driver: 'thunderbolt', thunderboltDomain: domain };
}

export function otherDevice(address: string, parent?: string): FakePciDevice {
  return { address, vendor: 0x8086, device: 0x15f3, pciClass: 0x020000, driver: 'igc', parent };
}
