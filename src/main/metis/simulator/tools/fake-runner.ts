/**
 * SIMULATOR ONLY. The simulated runtime helper: speaks the helper's protocol (sdk/runner-protocol.ts) on
 * stdin/stdout, with the simulated card (simulated-card.ts) in place of the AIPU, and fails as the real helper does
 * (one line on stderr, status 1) in the scenarios that make it: device in use, no permission, a broken flash, a model
 * from another SDK version.
 */
import { encodeHello, encodeResponse, PROTOCOL_VERSION, StreamReader } from '../../sdk/runner-protocol';
import { SimulatedCard, SimulatedCardError } from '../simulated-card';
import type { SimulatorState } from '../scenarios';

function connectError(state: SimulatorState, device: number): string | null {
  const board = state.boards[device];
  if (state.scenario === 'device-in-use') return `cannot connect to the device: AXR_ERROR_DEVICE_IN_USE (simulated): all cores of device ${device} are reserved by another process`;
  if (state.scenario === 'permission-denied') return 'cannot connect to the device: AXR_ERROR_CONNECTION_ERROR (simulated): Permission denied';
  if (!board) return `no device with index ${device} (simulated: ${state.boards.length} devices)`;
  if (board.boardType === 'unknown') return 'cannot connect to the device: AXR_ERROR_CONNECTION_ERROR (simulated): Invalid hdrv magic 0 / Fail to get hdrv area';
  return null;
}

export async function fakeRunner(state: SimulatorState, argv: readonly string[], err: (s: string) => void): Promise<number> {
  const model = argv.find((a, i) => !a.startsWith('-') && !['--device', '--aipu-cores'].includes(argv[i - 1] ?? ''));
  const deviceAt = argv.indexOf('--device');
  const device = deviceAt >= 0 ? Number(argv[deviceAt + 1]) : 0;
  const fail = (what: string) => {
    err(`lcz-metis-runner: ${what}\n`);
    return 1;
  };
  if (!model) {
    err('usage: lcz-metis-runner MODEL_JSON [--device INDEX] [--aipu-cores N]\n');
    return 2;
  }
  let card: SimulatedCard;
  try {
    card = await SimulatedCard.open(model);
  } catch (error) {
    return fail(error instanceof SimulatedCardError ? error.message : `cannot load the model: ${String(error)}`);
  }
  const refused = connectError(state, device);
  if (refused) {
    await card.close();
    return fail(refused);
  }
  const { height, width, channels } = card.model.input;
  const write = (b: Buffer) => new Promise<void>((resolve, reject) => process.stdout.write(b, (e) => (e ? reject(e) : resolve())));
  await write(encodeHello({ version: PROTOCOL_VERSION, height, width, channels, batch: card.model.batch, outputs: card.model.outputs.map((o) => ({ name: o.name, count: o.count })) }));
  const reader = new StreamReader(process.stdin);
  try {
    for (;;) {
      if (!(await reader.magic('LCZP'))) break;
      const n = await reader.u32();
      if (n === 0) break;
      const patches = await reader.floats(n * height * width * channels);
      await write(encodeResponse(await card.run(patches, n), n));
    }
  } catch (error) {
    err(`lcz-metis-runner: broken request: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  } finally {
    await card.close();
  }
  return 0;
}
