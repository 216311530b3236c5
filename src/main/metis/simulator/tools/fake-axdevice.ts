/**
 * SIMULATOR ONLY. A fake `axdevice` and `axversion`: the device lines in the format the scenario picks, exactly as
 * metis.md records them, and the failure modes (a broken flash with its failure sign, permission denied).
 */
import { deviceNodeNames, parsePciAddress } from '../../discovery/pci-ids';
import type { AxdeviceFormat, SimulatedBoard, SimulatorState } from '../scenarios';

export function deviceLine(index: number, board: SimulatedBoard, format: AxdeviceFormat): string {
  const name = deviceNodeNames(parsePciAddress(board.address)!)[1]; // axdevice prints metis-D:B:S
  switch (format) {
    case 1:
      return `Device ${index}: ${name} board_type=${board.boardType} fwver=${board.firmware} clock=800MHz`;
    case 2:
      return `Device ${index}: ${name} board_type=${board.boardType} fwver='${board.firmware}' clock=800MHz(0-3:800MHz) mvm=0-3:100%`;
    case 3:
      return `Device ${index}: ${name} ${board.memory} ${board.boardType} flver=${board.firmware} bcver=1.4 clock=800MHz(0-3:800MHz) mvm=0-3:100%`;
  }
}

export function fakeAxdevice(state: SimulatorState, out: (s: string) => void, err: (s: string) => void): number {
  if (state.scenario === 'permission-denied') {
    err(`(simulated) cannot open /dev/metis-0:1:0: Permission denied\n`);
    return 1;
  }
  if (state.scenario === 'no-driver' || state.scenario === 'node-missing') {
    err('(simulated) no Metis device: is the metis driver loaded?\n');
    return 1;
  }
  state.boards.forEach((board, i) => out(`${deviceLine(i, board, state.axdeviceFormat)}\n`));
  if (state.scenario === 'broken-flash') err('Invalid hdrv magic 0 / Fail to get hdrv area\n');
  return 0;
}

export function fakeAxversion(state: SimulatorState, args: readonly string[], out: (s: string) => void): number {
  out(args.includes('--driver') ? `axl driver ${state.sdkVersion} (LCZ Studio Metis simulator)\n` : `Voyager SDK ${state.sdkVersion} (LCZ Studio Metis simulator)\n`);
  return 0;
}
