/**
 * Whether a PCI device sits behind a USB4/Thunderbolt link. A Metis card in a USB4 or Thunderbolt enclosure shows up
 * as an ordinary PCIe device (metis.md: no USB product exists), so only the path to it in sysfs can tell. The
 * heuristic walks the device's ancestors in /sys/devices (the realpath of /sys/bus/pci/devices/<address>), stopping
 * at the root complex, and takes any of these as evidence:
 *
 * 1. an ancestor's `removable` attribute reads "removable": the kernel marks devices below an external-facing PCIe
 *    port so (firmware declares the ports Thunderbolt/USB4 tunnels end in as external);
 * 2. an ancestor has a device link to a supplier (`supplier:pci:*`) that owns a Thunderbolt domain (`domainN`, bus
 *    thunderbolt): the kernel links the PCIe root ports a USB4 host router tunnels to that router (integrated
 *    controllers: the tunnelled root port and the router are siblings, so the domain is not an ancestor);
 * 3. below an ancestor, within two levels, a device owns a Thunderbolt domain: a discrete controller's own PCIe switch
 *    holds both its host interface (with the domain) and the ports it tunnels.
 *
 * None of these is documented by Axelera; they are how Linux lays out Thunderbolt and USB4 in sysfs. A false "no"
 * only loses a note in the device card (a USB4 link limits the bandwidth, so the FPS figures will be lower).
 */
import { readFile, readdir, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parsePciAddress } from './pci-ids';

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/** The Thunderbolt domain a device folder owns ("domain0"), or null. */
async function thunderboltDomain(deviceDir: string): Promise<string | null> {
  for (const name of await entries(deviceDir)) {
    if (!/^domain\d+$/.test(name)) continue;
    const subsystem = await readlink(join(deviceDir, name, 'subsystem')).catch(() => null);
    if (subsystem && basename(subsystem) === 'thunderbolt') return name;
  }
  return null;
}

/** A device link's supplier folder: the link points at a devlink device whose `supplier` points at the supplier. */
async function supplierOf(linkPath: string): Promise<string | null> {
  const target = await realpath(linkPath).catch(() => null);
  if (!target) return null;
  return (await realpath(join(target, 'supplier')).catch(() => null)) ?? target;
}

async function removable(dir: string): Promise<boolean> {
  return (await readFile(join(dir, 'removable'), 'utf8').catch(() => '')).trim() === 'removable';
}

/** Evidence (one sentence) that the device at `devicePath` (a realpath in /sys/devices) is behind USB4/Thunderbolt, or null. */
export async function usb4Evidence(devicePath: string): Promise<string | null> {
  for (let dir = dirname(devicePath); parsePciAddress(basename(dir)); dir = dirname(dir)) {
    const port = basename(dir);
    if (await removable(dir)) return `the kernel marks ${port} as removable (below an external-facing PCIe port, as USB4/Thunderbolt links are)`;
    for (const name of (await entries(dir)).filter((n) => n.startsWith('supplier:pci:'))) {
      const supplier = await supplierOf(join(dir, name));
      const domain = supplier ? await thunderboltDomain(supplier) : null;
      if (domain) return `PCIe port ${port} is tunnelled by the USB4/Thunderbolt host router ${basename(supplier!)} (${domain})`;
    }
    for (const child of (await entries(dir)).filter((n) => parsePciAddress(n))) {
      for (const grandchild of (await entries(join(dir, child))).filter((n) => parsePciAddress(n))) {
        const domain = await thunderboltDomain(join(dir, child, grandchild));
        if (domain) return `PCIe switch ${port} belongs to the Thunderbolt controller ${grandchild} (${domain})`;
      }
    }
  }
  return null;
}
