/**
 * The whole picture of Metis on this machine, as the device card and `lcz metis devices` show it: the cards on the
 * PCI bus (sysfs-scan.ts), each one's driver, /dev node and whether this user may open it (node-access.ts), the SDK
 * (sdk/locate-sdk.ts) and, when it is there, what axdevice and axversion say (sdk/device-query.ts). Every problem met
 * becomes a readable state with its remedy (problems.ts). Discovery itself needs no vendor software.
 */
import type { MetisBoard, MetisDevice, MetisProblem, MetisSdk, MetisStatus } from '../../../shared/contract/metis';
import { isBrokenFlash } from '../sdk/axdevice-parse';
import { listDevices, sdkVersions, type DeviceListing } from '../sdk/device-query';
import { locateSdk } from '../sdk/locate-sdk';
import { compareMinor } from '../sdk/versions';
import { nodeAccess } from './node-access';
import { deviceNodeNames, METIS_DRIVER, parseDeviceName, sameSlot } from './pci-ids';
import { problems, type ProblemContext } from './problems';
import { scanPciBus, type PciCard } from './sysfs-scan';

export interface DiscoverOptions {
  /** Default /sys. */
  sysfsRoot?: string;
  /** Default /dev. */
  devRoot?: string;
  /** Default /etc/group. */
  groupFile?: string;
  /** The SDK path from LCZ Studio's settings. */
  sdkPath?: string | null;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Set by the simulator only: every record and message then says so. */
  simulated?: boolean;
}

function boardFor(card: PciCard, query: DeviceListing | null): MetisBoard | null {
  return query?.listing?.boards.find((b) => {
    const slot = parseDeviceName(b.name);
    return slot !== null && sameSlot(slot, card.pci);
  }) ?? null;
}

export async function discoverMetis(options: DiscoverOptions = {}): Promise<MetisStatus> {
  const sysfs = options.sysfsRoot ?? '/sys';
  const devRoot = options.devRoot ?? '/dev';
  const ctx: ProblemContext = { simulated: options.simulated ?? false };
  const found: MetisProblem[] = [];
  const scan = await scanPciBus(sysfs);
  const location = await locateSdk({ configuredPath: options.sdkPath, env: options.env });

  const cards = await Promise.all(
    scan.cards.map(async (card) => {
      const names = deviceNodeNames(card.pci);
      return { card, names, access: card.driver === METIS_DRIVER ? await nodeAccess(devRoot, names, options.groupFile) : null };
    }),
  );
  for (const { card, names, access } of cards) {
    if (card.driver !== METIS_DRIVER) found.push(problems.noDriver(ctx, card.address));
    else if (!access?.node) found.push(problems.nodeMissing(ctx, card.address, names, devRoot));
    else if (!access.accessible) found.push(problems.noPermission(ctx, card.address, access.problem ?? 'permission denied'));
  }
  if (scan.cards.length === 0) found.push(problems.noCard(ctx, scan.scanned, sysfs));
  if (location.missing) found.push(problems.sdkMissing(ctx, location.missing));

  // axdevice can only answer about cards this user may open.
  const reachable = cards.some((c) => c.access?.accessible);
  const [query, versions] = await Promise.all([
    reachable && location.tools.axdevice ? listDevices(location.tools.axdevice, location, options.timeoutMs) : null,
    sdkVersions(location, options.timeoutMs),
  ]);
  if (query?.failure) found.push(problems.axdeviceFailed(ctx, query.failure));
  for (const sign of query?.listing?.failures ?? []) found.push(problems.deviceFailure(ctx, sign));
  for (const bad of query?.listing?.malformed ?? []) found.push({ ...problems.axdeviceFailed(ctx, `a line LCZ Studio cannot read (${bad.problem}): ${bad.line}`), severity: 'warning' });

  const devices: MetisDevice[] = cards.map(({ card, names, access }) => {
    const board = boardFor(card, query);
    if (query && !query.failure && access?.accessible && !board) found.push(problems.notListed(ctx, card.address));
    if (board && isBrokenFlash(board)) found.push(problems.brokenFlash(ctx, card.address, board.name));
    else if (board?.firmware && versions.sdk && (compareMinor(board.firmware, versions.sdk) ?? 0) < 0) {
      found.push(problems.firmwareUpdate(ctx, card.address, board.firmware, versions.sdk));
    }
    return {
      pciAddress: card.address,
      deviceId: `0x${card.deviceId.toString(16).padStart(4, '0')}`,
      model: card.model,
      driver: card.driver,
      deviceNode: access?.node ?? null,
      deviceNodeNames: [`${devRoot}/${names[0]}`, `${devRoot}/${names[1]}`],
      accessible: access?.accessible ?? false,
      accessProblem: access?.problem ?? null,
      usb4: card.usb4 !== null,
      usb4Evidence: card.usb4,
      switchSiblings: card.switchSiblings,
      firmware: board?.firmware ?? null,
      board,
      simulated: ctx.simulated,
    };
  });
  // Boards axdevice lists with no card on the bus (sysfs hidden, as in some containers) still say a broken flash.
  for (const board of query?.listing?.boards ?? []) {
    if (isBrokenFlash(board) && !devices.some((d) => d.board === board)) found.push(problems.brokenFlash(ctx, null, board.name));
  }

  const sdk: MetisSdk = {
    found: location.missing === null,
    path: location.root,
    via: location.via,
    version: versions.sdk,
    driverVersion: versions.driver,
    tools: location.tools,
    python: location.python,
    simulated: ctx.simulated,
  };
  return { devices, sdk, problems: found, simulated: ctx.simulated };
}
