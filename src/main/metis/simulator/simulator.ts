/**
 * SIMULATOR ONLY. A whole pretend Metis machine in a temp folder, for our tests and for users without a card: a fake
 * sysfs tree and /dev nodes (fake-sysfs.ts), a group file, and a fake Voyager SDK whose tools (axdevice, axversion,
 * axcompile, axrunmodel, the venv's python3 running compile.py) and runtime helper are small scripts running
 * tools/main.ts. The real code paths (discovery, SDK location, compile, runner client, axrunmodel parsing) run against
 * it unchanged; everything it produces carries "simulated". It is only ever created on request (enable.ts).
 */
import { mkdir, mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtChildEntry } from '../../paths';
import type { DiscoverOptions } from '../discovery/discover';
import { writeFakeDevNodes, writeFakeSysfs } from './fake-sysfs';
import { machineFor, type AxdeviceFormat, type Scenario, type SimulatorState } from './scenarios';

export const STATE_FILE = 'state.json';
export const SIMULATED_TOOLS = ['axdevice', 'axversion', 'axcompile', 'axrunmodel', 'python3'] as const;
export const RUNNER_TOOL = 'lcz-metis-runner';

export interface SimulatorOptions {
  scenario?: Scenario;
  axdeviceFormat?: AxdeviceFormat;
}

export interface Simulator {
  dir: string;
  state: SimulatorState;
  sysfsRoot: string;
  devRoot: string;
  groupFile: string;
  /** The fake SDK's folder (AXELERA_FRAMEWORK), or null in the no-sdk scenario. */
  sdkRoot: string | null;
  /** The simulated runtime helper (as if built from resources/metis). */
  runner: string;
  /** Options for discovery/discover.ts that point it at this machine. */
  discoverOptions: DiscoverOptions;
  cleanup: () => Promise<void>;
}

/** How a fake tool is started: the built simulator bundle (see electron.vite.config.ts), or tsx on the sources. */
function toolEntry(): { entry: string; execArgv: string[] } {
  const built = builtChildEntry('metis-simulator');
  if (built) return { entry: built, execArgv: [] };
  return { entry: fileURLToPath(new URL('./tools/main.ts', import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')] };
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A tool as a shell script: a `#!` line cannot carry node's --import flag (Linux passes the rest of the line as one
 * argument), so /bin/sh starts node. ELECTRON_RUN_AS_NODE lets the packaged app's binary act as node.
 */
async function writeTool(path: string, tool: string, stateDir: string): Promise<void> {
  const { entry, execArgv } = toolEntry();
  const command = [process.execPath, ...execArgv, entry, tool].map(quote).join(' ');
  await writeFile(path, `#!/bin/sh\n# LCZ Studio's Metis SIMULATOR: a fake ${tool}, not the Voyager SDK's.\nLCZ_METIS_SIM_STATE=${quote(stateDir)} ELECTRON_RUN_AS_NODE=1 exec ${command} "$@"\n`);
  await chmod(path, 0o755);
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const scenario = options.scenario ?? 'ok';
  const format = options.axdeviceFormat ?? 2;
  const dir = await mkdtemp(join(tmpdir(), 'lcz-metis-simulator-'));
  try {
    const machine = machineFor(scenario, format);
    const state: SimulatorState = { simulated: true, scenario, axdeviceFormat: format, sdkVersion: machine.sdkVersion, boards: machine.boards };
    await writeFile(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
    const sysfsRoot = await writeFakeSysfs(dir, machine.devices);
    const cards = machine.boards.map((b) => b.address);
    const devRoot = scenario === 'node-missing' || scenario === 'no-driver' ? await writeFakeDevNodes(dir, cards, 'none') : await writeFakeDevNodes(dir, cards, 'both', scenario === 'permission-denied' ? 0o000 : 0o660);
    const user = userInfo();
    const groupFile = join(dir, 'group');
    const gid = process.getgid?.() ?? user.gid;
    await writeFile(groupFile, scenario === 'permission-denied' ? `root:x:0:\naxelera:x:4242:\n` : `root:x:0:\naxelera:x:${gid}:${user.username}\n`);
    let sdkRoot: string | null = null;
    if (scenario !== 'no-sdk') {
      sdkRoot = join(dir, 'voyager-sdk');
      const bin = join(sdkRoot, 'venv', 'bin');
      await mkdir(bin, { recursive: true });
      for (const tool of SIMULATED_TOOLS) await writeTool(join(bin, tool), tool, dir);
    }
    await mkdir(join(dir, 'runner'), { recursive: true });
    const runner = join(dir, 'runner', RUNNER_TOOL);
    await writeTool(runner, 'runner', dir);
    const env: NodeJS.ProcessEnv = { ...process.env, AXELERA_FRAMEWORK: sdkRoot ?? undefined, PATH: process.env.PATH };
    if (!sdkRoot) delete env.AXELERA_FRAMEWORK;
    return {
      dir,
      state,
      sysfsRoot,
      devRoot,
      groupFile,
      sdkRoot,
      runner,
      discoverOptions: { sysfsRoot, devRoot, groupFile, env, sdkPath: null, simulated: true },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
