/**
 * How a Metis card shows itself on the PCI bus, from ../shared/docs/metis.md ("Detecting a device on the host"):
 * vendor 0x1f9d (Axelera AI), device 0x1100 (Metis), 0x11aa (alpha silicon), 0x0001 (Europa, 8 cores). The vendor
 * string lspci prints varies with its ID database, so only the IDs in sysfs are trusted.
 */
export const AXELERA_VENDOR_ID = 0x1f9d;

export const METIS_MODELS: ReadonlyMap<number, string> = new Map([
  [0x1100, 'Axelera Metis AIPU'],
  [0x11aa, 'Axelera Metis AIPU (alpha silicon)'],
  [0x0001, 'Axelera Europa (8 AI cores)'],
]);

/** The documented PCI driver name (kernel module `metis`, DKMS package `metis-dkms`). */
export const METIS_DRIVER = 'axl';

export interface PciAddress {
  domain: number;
  bus: number;
  slot: number;
  fn: number;
}

/** "0000:01:00.0" -> its parts; null for anything else (sysfs also holds entries like "pci0000:00"). */
export function parsePciAddress(text: string): PciAddress | null {
  const m = /^([0-9a-f]{4,8}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/i.exec(text);
  if (!m) return null;
  return { domain: parseInt(m[1]!, 16), bus: parseInt(m[2]!, 16), slot: parseInt(m[3]!, 16), fn: parseInt(m[4]!, 16) };
}

/**
 * The two names the driver gives a card's node: `metis-%x-%x-%x` (domain, bus, slot in hex; SDK 1.8 and later) and
 * the compatibility name `metis-%x:%x:%x` (the only one in older SDKs). axdevice prints the second form.
 */
export function deviceNodeNames(a: PciAddress): [current: string, legacy: string] {
  const parts = [a.domain, a.bus, a.slot].map((n) => n.toString(16));
  return [`metis-${parts.join('-')}`, `metis-${parts.join(':')}`];
}

/** "metis-0:6c:0" or "metis-0-6c-0" (as axdevice prints a device) -> domain, bus, slot; null otherwise. */
export function parseDeviceName(name: string): Omit<PciAddress, 'fn'> | null {
  const m = /^metis-([0-9a-f]+)([:-])([0-9a-f]+)\2([0-9a-f]+)$/i.exec(name);
  return m ? { domain: parseInt(m[1]!, 16), bus: parseInt(m[3]!, 16), slot: parseInt(m[4]!, 16) } : null;
}

export function sameSlot(a: Omit<PciAddress, 'fn'>, b: Omit<PciAddress, 'fn'>): boolean {
  return a.domain === b.domain && a.bus === b.bus && a.slot === b.slot;
}
