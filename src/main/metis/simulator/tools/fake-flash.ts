/**
 * SIMULATOR ONLY. A fake `axdevice -d N interactive_flash_update`: prints the two stages metis.md describes (stage 1,
 * the Metis firmware, dual-boot; stage 2, the board controller, with no recovery) and "flash success", as the older
 * flash_update.sh did, without flashing anything; every line says simulated. It fails as the real tool would when
 * the card cannot be reached or is in use. It takes a few seconds, not the real two minutes.
 */
import type { SimulatorState } from '../scenarios';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function fakeFlashUpdate(state: SimulatorState, argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const at = argv.indexOf('-d');
  const device = at >= 0 ? Number(argv[at + 1]) : 0;
  const board = state.boards[device];
  if (state.scenario === 'permission-denied') {
    err('(simulated) cannot open /dev/metis-0:1:0: Permission denied\n');
    return 1;
  }
  if (!board) {
    err(`(simulated) no device ${device}\n`);
    return 1;
  }
  if (state.scenario === 'device-in-use') {
    err(`(simulated) device ${device} is in use by another process: close it before updating the firmware\n`);
    return 1;
  }
  const target = state.sdkVersion;
  out(`LCZ Studio Metis SIMULATOR: simulated firmware update of device ${device} (${board.address}); no card is flashed\n`);
  out(`(simulated) current firmware ${board.firmware}, board type ${board.boardType}; the update brings firmware ${target}\n`);
  for (const [stage, what] of [
    [1, 'Metis firmware (dual-boot: an interruption keeps the old firmware)'],
    [2, 'board controller (no recovery: do not interrupt, do not power off)'],
  ] as const) {
    out(`(simulated) Stage ${stage} of 2: ${what}\n`);
    for (const pct of [0, 25, 50, 75, 100]) {
      out(`(simulated) stage ${stage}: ${pct}%\n`);
      await pause(150);
    }
  }
  out('(simulated) flash success\n');
  out('(simulated) power-cycle the machine (switch it off and on, not a reboot) for the new firmware to start\n');
  return 0;
}
