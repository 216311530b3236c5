/**
 * Finds Axelera devices on the PCI bus through sysfs alone (no vendor software needed): every entry of
 * <sysfs>/bus/pci/devices whose `vendor` is 0x1f9d and whose `device` is one of the documented IDs (pci-ids.ts).
 * The sysfs root is a parameter so that the simulator and the tests can point it at a tree of their own.
 */
import { readFile, readdir, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AXELERA_VENDOR_ID, METIS_MODELS, parsePciAddress, type PciAddress } from './pci-ids';
import { usb4Evidence } from './usb4-link';

export interface PciCard {
  /** "0000:01:00.0" */
  address: string;
  pci: PciAddress;
  deviceId: number;
  model: string;
  /** Basename of the `driver` link ("axl"), or null when no driver is bound. */
  driver: string | null;
  /** The device's folder under <sysfs>/devices (the realpath of its bus entry). */
  devicePath: string;
  usb4: string | null;
  /** Other Axelera devices behind the same PCIe switch. */
  switchSiblings: number;
}

export interface PciScan {
  cards: PciCard[];
  /** PCI devices looked at: 0 means sysfs had no PCI bus to read (a container, another OS). */
  scanned: number;
  /** The Axelera devices with IDs metis.md does not document ("0x1234 at 0000:02:00.0"). */
  unknownIds: string[];
}

async function hexFile(path: string): Promise<number | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  const value = text === null ? NaN : parseInt(text.trim(), 16);
  return Number.isFinite(value) ? value : null;
}

/** The PCIe switch a device hangs from: its grandparent (upstream port), when that is a PCI device and not the root. */
function switchOf(devicePath: string): string | null {
  const grandparent = dirname(dirname(devicePath));
  return parsePciAddress(basename(dirname(devicePath))) && parsePciAddress(basename(grandparent)) ? grandparent : null;
}

export async function scanPciBus(sysfsRoot = '/sys'): Promise<PciScan> {
  const bus = join(sysfsRoot, 'bus', 'pci', 'devices');
  const names = (await readdir(bus).catch(() => [] as string[])).sort();
  const cards: PciCard[] = [];
  const unknownIds: string[] = [];
  for (const address of names) {
    const pci = parsePciAddress(address);
    const dir = join(bus, address);
    if (!pci || (await hexFile(join(dir, 'vendor'))) !== AXELERA_VENDOR_ID) continue;
    const deviceId = await hexFile(join(dir, 'device'));
    const model = deviceId === null ? undefined : METIS_MODELS.get(deviceId);
    if (deviceId === null || !model) {
      unknownIds.push(`${deviceId === null ? 'unreadable id' : `0x${deviceId.toString(16).padStart(4, '0')}`} at ${address}`);
      continue;
    }
    const driver = await readlink(join(dir, 'driver')).then(basename, () => null);
    const devicePath = await realpath(dir).catch(() => dir);
    cards.push({ address, pci, deviceId, model, driver, devicePath, usb4: await usb4Evidence(devicePath), switchSiblings: 0 });
  }
  for (const card of cards) {
    const own = switchOf(card.devicePath);
    card.switchSiblings = own ? cards.filter((c) => c !== card && switchOf(c.devicePath) === own).length : 0;
  }
  return { cards, scanned: names.length, unknownIds };
}
