/**
 * Asks the SDK's tools about the cards: `axdevice` (the device list, parsed by axdevice-parse.ts), `axversion` (the
 * SDK's version) and `axversion --driver` (the driver's). Each with a time limit: a wedged card must not hang the app.
 */
import { parseAxdeviceOutput, parseAxversion, type AxdeviceListing } from './axdevice-parse';
import { sdkEnv, type SdkLocation } from './locate-sdk';
import { failureText, runTool } from './run-tool';

export const DEVICE_QUERY_TIMEOUT_MS = 15_000;

export interface DeviceListing {
  listing: AxdeviceListing;
  /** Why axdevice gave no listing, or null. */
  failure: string | null;
  /** Everything axdevice printed, for a log. */
  output: string;
}

export interface SdkVersions {
  sdk: string | null;
  driver: string | null;
}

export async function sdkVersions(location: SdkLocation, timeoutMs = DEVICE_QUERY_TIMEOUT_MS): Promise<SdkVersions> {
  const tool = location.tools.axversion;
  if (!tool) return { sdk: null, driver: null };
  const env = sdkEnv(location);
  const version = async (args: string[]) => {
    const r = await runTool(tool, args, { env, timeoutMs });
    return r.code === 0 ? parseAxversion(r.stdout) : null;
  };
  const [sdk, driver] = await Promise.all([version([]), version(['--driver'])]);
  return { sdk, driver };
}

export async function listDevices(axdevice: string, location: SdkLocation, timeoutMs = DEVICE_QUERY_TIMEOUT_MS): Promise<DeviceListing> {
  const r = await runTool(axdevice, [], { env: sdkEnv(location), timeoutMs });
  const output = `${r.stdout}${r.stderr}`;
  const listing = parseAxdeviceOutput(output);
  // A failure sign is worth reading even when axdevice then gave up.
  const failed = r.code !== 0 && listing.boards.length === 0;
  return { listing, failure: failed ? failureText('axdevice', r, timeoutMs) : null, output };
}
