/**
 * Every state that keeps a deployment off the card, as a sentence and its remedy. The remedies follow
 * ../shared/docs/metis.md: the driver is the DKMS package `metis-dkms` (module `metis`, PCI driver `axl`), users must
 * be in the `axelera` group, the SDK is found through AXELERA_FRAMEWORK, firmware is flashed with
 * `axdevice interactive_flash_update` (stage 2 has no recovery), `board_type=unknown` is a broken flash.
 * In the simulator every message says "simulated".
 */
import type { MetisProblem, MetisProblemCode } from '../../../shared/contract/metis';

export interface ProblemContext {
  simulated: boolean;
}

function problem(ctx: ProblemContext, code: MetisProblemCode, severity: MetisProblem['severity'], pciAddress: string | null, message: string, remedy: string): MetisProblem {
  return { code, severity, pciAddress, message: ctx.simulated ? `(simulated) ${message}` : message, remedy, simulated: ctx.simulated };
}

export const FIRMWARE_UPDATE_STEPS =
  'update the firmware with `axdevice interactive_flash_update` (older SDKs: interactive_flash_update.sh, after a one-time enable_bootloader_update.sh per board); keep the machine powered the whole time: stage 1 (Metis firmware) keeps the old firmware if interrupted, stage 2 (board controller) cannot be recovered and can brick the card; power-cycle between stages';

export const problems = {
  noCard: (ctx: ProblemContext, scanned: number, sysfs: string) =>
    problem(
      ctx,
      'no-card',
      'blocker',
      null,
      scanned === 0 ? `no PCI bus could be read at ${sysfs}/bus/pci/devices, so no Metis card can be seen` : `no Axelera Metis card on the PCI bus (${scanned} PCI devices looked at, none with vendor 0x1f9d)`,
      'fit the card (PCIe slot, M.2 M-key slot, or a USB4/Thunderbolt enclosure) and restart the machine; a card in another machine is not reachable from here. To try LCZ Studio without a card, turn on the Metis simulator (LCZ_METIS_SIMULATOR=1)',
    ),
  noDriver: (ctx: ProblemContext, address: string) =>
    problem(ctx, 'no-driver', 'blocker', address, `the Metis card at ${address} has no driver bound`, 'install the driver: `sudo apt install metis-dkms`, then `sudo modprobe metis` (or restart); the card should then show driver axl'),
  nodeMissing: (ctx: ProblemContext, address: string, names: readonly string[], devRoot: string) =>
    problem(
      ctx,
      'node-missing',
      'blocker',
      address,
      `the driver is bound to the card at ${address} but neither ${names.map((n) => `${devRoot}/${n}`).join(' nor ')} exists`,
      'reload the driver (`sudo modprobe -r metis && sudo modprobe metis`) and look at `dmesg` for errors; if it persists, reinstall metis-dkms',
    ),
  noPermission: (ctx: ProblemContext, address: string, cause: string) =>
    problem(
      ctx,
      'no-permission',
      'blocker',
      address,
      `cannot open the card at ${address}: ${cause}`,
      cause.includes('after this session started')
        ? 'log out and in again (or restart) so that the new group membership takes effect'
        : 'add yourself to the axelera group: `sudo usermod -aG axelera $USER`, then log out and in again',
    ),
  sdkMissing: (ctx: ProblemContext, detail: string) =>
    problem(ctx, 'sdk-missing', 'blocker', null, `the Axelera Voyager SDK was not found (${detail})`, 'install the Voyager SDK, then set AXELERA_FRAMEWORK to its folder (or activate its venv, which puts its tools on PATH) and start LCZ Studio again'),
  axdeviceFailed: (ctx: ProblemContext, detail: string) =>
    problem(ctx, 'axdevice-failed', 'blocker', null, `axdevice could not list the devices: ${detail}`, 'run `axdevice` in a terminal to see the whole message; `axdevice --report` collects logs for Axelera support'),
  notListed: (ctx: ProblemContext, address: string) =>
    problem(ctx, 'device-not-listed', 'warning', address, `the card at ${address} is on the PCI bus but axdevice does not list it`, 'try `axdevice --pcie-rescan`, then reload the driver (`sudo modprobe -r metis && sudo modprobe metis`) or power-cycle the machine'),
  brokenFlash: (ctx: ProblemContext, address: string | null, name: string) =>
    problem(ctx, 'broken-flash', 'blocker', address, `axdevice reports ${name} with board_type=unknown: the card's flash is broken`, `${FIRMWARE_UPDATE_STEPS}; if the card is still not recognised, send \`axdevice --report\` to Axelera support`),
  firmwareUpdate: (ctx: ProblemContext, address: string | null, firmware: string, sdk: string) =>
    problem(ctx, 'firmware-update', 'warning', address, `the card's firmware (${firmware}) is older than the SDK (${sdk}); a firmware older than its SDK may refuse models the SDK compiles`, FIRMWARE_UPDATE_STEPS),
  deviceFailure: (ctx: ProblemContext, sign: string) =>
    problem(ctx, 'device-failure', 'blocker', null, `axdevice reports a device failure: ${sign}`, `power-cycle the machine (a thermal shutdown also needs one); if it persists, ${FIRMWARE_UPDATE_STEPS}`),
  deviceInUse: (ctx: ProblemContext, detail: string) =>
    problem(ctx, 'device-in-use', 'blocker', null, `the card is in use by another program (${detail})`, 'close the other program using the card (another LCZ Studio job, an inference.py or axrunmodel run), or choose another device'),
};
