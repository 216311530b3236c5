/**
 * The Metis side of this machine, real or simulated, as the deploy steps and the faces use it: discovery, the SDK's
 * location and the runtime helper. The simulator is used only when asked for, by an option or LCZ_METIS_SIMULATOR=1
 * (never as a fallback when no card is found), and everything it gives says so.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MetisStatus } from '../../shared/contract/metis';
import { UserError } from '../../shared/errors';
import { discoverMetis, type DiscoverOptions } from './discovery/discover';
import { ensureRunner } from './sdk/build-runner';
import { locateSdk, sdkEnv, type SdkLocation } from './sdk/locate-sdk';
import { discoverSimulated } from './simulator/discover-simulated';
import { isScenario, SCENARIOS, type AxdeviceFormat, type Scenario } from './simulator/scenarios';
import { createSimulator, type Simulator } from './simulator/simulator';

export const SIMULATOR_ENV = 'LCZ_METIS_SIMULATOR';
export const SCENARIO_ENV = 'LCZ_METIS_SCENARIO';

export interface HostOptions {
  /** Use the simulator; default: LCZ_METIS_SIMULATOR=1. */
  simulator?: boolean;
  /** The simulator's scenario; default LCZ_METIS_SCENARIO, else "ok". */
  scenario?: string;
  axdeviceFormat?: AxdeviceFormat;
  /** The SDK path from LCZ Studio's settings. */
  sdkPath?: string | null;
  /** Where the real runtime helper is built (once per SDK). */
  runnerDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface MetisHost {
  simulated: boolean;
  discover(): Promise<MetisStatus>;
  locateSdk(): Promise<SdkLocation>;
  /** The environment the SDK's tools run in. */
  toolEnv(location: SdkLocation, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** The runtime helper, built against the SDK when it is real. */
  runner(location: SdkLocation): Promise<string>;
  close(): Promise<void>;
}

/** The scenario asked for, or a UserError listing the scenarios. */
export function requestedScenario(value: string | undefined): Scenario {
  const scenario = value || 'ok';
  if (!isScenario(scenario)) throw new UserError(`unknown Metis simulator scenario "${scenario}"; the scenarios are: ${SCENARIOS.join(', ')}`);
  return scenario;
}

export function simulatorRequested(options: Pick<HostOptions, 'simulator' | 'env'>): boolean {
  return options.simulator ?? (options.env ?? process.env)[SIMULATOR_ENV] === '1';
}

function simulatedHost(sim: Simulator): MetisHost {
  const env = sim.discoverOptions.env!;
  return {
    simulated: true,
    discover: () => discoverSimulated(sim),
    locateSdk: () => locateSdk({ env }),
    toolEnv: (location, extra) => ({ ...sdkEnv(location, env), ...extra }),
    runner: async () => sim.runner,
    close: sim.cleanup,
  };
}

/** Where the real runtime helper is built, once per SDK: the user's cache (XDG_CACHE_HOME, else ~/.cache). */
export function defaultRunnerDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lcz-studio', 'metis-runner');
}

/**
 * The host a deployment runs on: a deployment made on the simulator runs only on the simulated card, and one made on
 * a real card only on a real one (each refuses the other's model.json). Neither is switched silently: a deployment
 * that does not match the simulator setting is refused with what to do.
 */
export async function openHostForDeployment(deployment: { simulated: boolean }, dir: string, options: Omit<HostOptions, 'simulator' | 'runnerDir'> & { runnerDir?: string } = {}): Promise<MetisHost> {
  const on = simulatorRequested(options);
  if (deployment.simulated && !on) {
    throw new UserError(`was made on the Metis simulator, and the simulator is off: a simulated deployment runs only on the simulated card; turn the simulator on (${SIMULATOR_ENV}=1) or deploy the bundle on a real card`, dir);
  }
  if (!deployment.simulated && on) {
    throw new UserError(`was made on a real Metis card, and the simulator is on (${SIMULATOR_ENV}=1): turn the simulator off to run it on the card`, dir);
  }
  return openMetisHost({ ...options, runnerDir: options.runnerDir ?? defaultRunnerDir(options.env) });
}

export async function openMetisHost(options: HostOptions): Promise<MetisHost> {
  const env = options.env ?? process.env;
  if (simulatorRequested(options)) {
    const sim = await createSimulator({ scenario: requestedScenario(options.scenario ?? env[SCENARIO_ENV]), axdeviceFormat: options.axdeviceFormat });
    return simulatedHost(sim);
  }
  const discover: DiscoverOptions = { sdkPath: options.sdkPath ?? null, env };
  return {
    simulated: false,
    discover: () => discoverMetis(discover),
    locateSdk: () => locateSdk({ configuredPath: options.sdkPath, env }),
    toolEnv: (location, extra) => ({ ...sdkEnv(location, env), ...extra }),
    runner: (location) => ensureRunner(location, options.runnerDir, sdkEnv(location, env)),
    close: async () => undefined,
  };
}
