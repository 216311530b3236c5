/**
 * SIMULATOR ONLY. The machines the simulator pretends to be, chosen by a scenario setting (LCZ_METIS_SCENARIO, or an
 * option): a working set of cards, or one of the failure modes metis.md describes. The default machine has the four
 * kinds of card metis.md names: a PCIe card, an M.2 card, a 4-AIPU card (four devices behind a PCIe switch) and a
 * card in a USB4/Thunderbolt enclosure.
 */
import { COMPILE_STATUSES, type CompileStatus } from '../sdk/compile-report';
import { bridge, metisCard, otherDevice, usb4HostRouter, type FakePciDevice } from './fake-sysfs';

export const BASE_SCENARIOS = [
  'ok',
  'no-device',
  'no-driver',
  'node-missing',
  'permission-denied',
  'device-in-use',
  'broken-flash',
  'firmware-mismatch',
  'old-model-version',
  'no-sdk',
] as const;
export type BaseScenario = (typeof BASE_SCENARIOS)[number];
/** "compile-failure:QTOOLS_ERROR": the compiler fails at that stage. */
export type Scenario = BaseScenario | `compile-failure:${Exclude<CompileStatus, 'SUCCEEDED'>}`;

export const SCENARIOS: readonly Scenario[] = [...BASE_SCENARIOS, ...COMPILE_STATUSES.filter((s) => s !== 'SUCCEEDED').map((s) => `compile-failure:${s}` as Scenario)];

export function isScenario(value: string): value is Scenario {
  return (SCENARIOS as readonly string[]).includes(value);
}

/** The failed stage of a compile-failure scenario, or null. */
export function compileFailure(s: Scenario): Exclude<CompileStatus, 'SUCCEEDED'> | null {
  return s.startsWith('compile-failure:') ? (s.slice('compile-failure:'.length) as Exclude<CompileStatus, 'SUCCEEDED'>) : null;
}

/** The three axdevice line formats metis.md records, oldest first. */
export type AxdeviceFormat = 1 | 2 | 3;

export interface SimulatedBoard {
  address: string;
  /** "pcie" (documented), "m2" (the simulator's name for an M.2 board). */
  boardType: string;
  memory: string;
  firmware: string;
}

/** What the fake tools read: written as state.json in the simulator's folder. */
export interface SimulatorState {
  simulated: true;
  scenario: Scenario;
  axdeviceFormat: AxdeviceFormat;
  sdkVersion: string;
  boards: SimulatedBoard[];
}

/** Firmware as each format prints it (metis.md's own examples), and the SDK release it goes with. */
const FIRMWARE: Record<AxdeviceFormat, { firmware: string; sdk: string }> = {
  1: { firmware: 'v1.0.0-a6-15-g9d681b7bcfe9', sdk: '1.0.0' },
  2: { firmware: '1.3.2', sdk: '1.3.2' },
  3: { firmware: '1.3.0', sdk: '1.3.0' },
};

export interface Machine {
  devices: FakePciDevice[];
  /** The Metis cards among them, with what axdevice says of each. */
  boards: SimulatedBoard[];
  sdkVersion: string;
}

/** The PCI tree and the boards of a scenario. */
export function machineFor(scenario: Scenario, format: AxdeviceFormat): Machine {
  const others = [bridge('0000:00:1f.0'), otherDevice('0000:00:1f.6')];
  if (scenario === 'no-device') return { devices: others, boards: [], sdkVersion: FIRMWARE[format].sdk };
  const driver = scenario === 'no-driver' ? null : 'axl';
  const card = (address: string, parent: string) => metisCard(address, parent, { driver });
  const devices: FakePciDevice[] = [
    ...others,
    bridge('0000:00:01.0'),
    card('0000:01:00.0', '0000:00:01.0'), // PCIe card
    bridge('0000:00:01.1'),
    card('0000:02:00.0', '0000:00:01.1'), // M.2 card
    bridge('0000:00:1c.0'),
    bridge('0000:04:00.0', '0000:00:1c.0'), // the 4-AIPU card's PCIe switch: upstream port
    ...[0, 1, 2, 3].flatMap((i) => [bridge(`0000:05:0${i}.0`, '0000:04:00.0'), card(`0000:0${6 + i}:00.0`, `0000:05:0${i}.0`)]),
    usb4HostRouter('0000:00:0d.2'),
    bridge('0000:00:07.0', undefined, { suppliers: ['0000:00:0d.2'] }), // a root port the USB4 router tunnels
    bridge('0000:39:00.0', '0000:00:07.0', { removable: true }), // the enclosure's bridge
    card('0000:3a:00.0', '0000:39:00.0'), // the card in the enclosure
  ];
  const firmware = scenario === 'firmware-mismatch' ? FIRMWARE[1].firmware : FIRMWARE[format].firmware;
  const sdkVersion = scenario === 'firmware-mismatch' ? FIRMWARE[2].sdk : FIRMWARE[format].sdk;
  const boards: SimulatedBoard[] = devices
    .filter((d) => d.vendor === 0x1f9d)
    .map((d) => ({ address: d.address, boardType: d.address === '0000:02:00.0' ? 'm2' : 'pcie', memory: '4GiB', firmware }));
  if (scenario === 'broken-flash') boards[0]!.boardType = 'unknown';
  return { devices, boards, sdkVersion };
}
