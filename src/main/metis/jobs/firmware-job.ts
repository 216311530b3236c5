/**
 * The metis-firmware-update job: `axdevice -d N interactive_flash_update` (metis.md), started only with the two
 * confirmations the contract demands, its output streamed into the job's log. Stage 2 of an update (the board
 * controller) cannot be recovered if it is interrupted, so once the tool runs nothing here stops it: it runs in its
 * own process group (a cancel or the end of this job does not reach it), a cancel is answered in the log, and a
 * tool that takes too long is reported, not killed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { MetisFirmwareParams, MetisProblemCode } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import { describeProblems, pickDevice } from '../deploy/ready-device';
import { defaultRunnerDir, openMetisHost } from '../host';
import { firmwareUpdateArgs } from '../sdk/commands';
import { simulatedFailure, type MetisJobContext } from './job-context';
import { JobLog } from './job-log';

/** The vendor documents about two minutes; past this the job ends and says so (the tool itself is left to finish). */
export const FIRMWARE_REPORT_AFTER_MS = 20 * 60 * 1000;
/** A broken flash or a failing card is what an update mends: those do not stop it. */
const MENDED_BY_UPDATE: readonly MetisProblemCode[] = ['broken-flash', 'device-failure', 'firmware-update'];

export const FIRMWARE_WARNING =
  'Stage 2 of the update (the board controller) cannot be recovered if it is interrupted: the card can be lost. The machine must not lose power or be switched off until the update has finished; power-cycle it afterwards.';

export async function firmwareJob(params: MetisFirmwareParams, ctx: MetisJobContext): Promise<string[]> {
  const host = await openMetisHost({ runnerDir: defaultRunnerDir() });
  const log = new JobLog(params.log, 'firmware', host.simulated);
  try {
    ctx.progress({ stage: `Checking the card${host.simulated ? ' (simulated)' : ''}`, done: 0, total: 1 });
    const status = await host.discover();
    const device = pickDevice(status.devices, params.device);
    const blockers = status.problems.filter((p) => p.severity === 'blocker' && !MENDED_BY_UPDATE.includes(p.code) && (p.pciAddress === null || p.pciAddress === device?.pciAddress));
    if (blockers.length > 0) throw new UserError(`the firmware cannot be updated: ${describeProblems(blockers)}`);
    if (!device) throw new UserError(`there is no Metis device ${params.device} to update`);
    const location = await host.locateSdk();
    const axdevice = location.tools.axdevice;
    if (!axdevice) throw new UserError('axdevice is not in the SDK: set AXELERA_FRAMEWORK to the Voyager SDK\'s folder');
    const args = firmwareUpdateArgs(params.device);
    log.append(`${FIRMWARE_WARNING}\n$ ${axdevice} ${args.join(' ')}\n`);
    ctx.progress({ stage: `Updating the firmware: do not power off${host.simulated ? ' (simulated)' : ''}`, done: 0, total: 1 });
    const child = spawn(axdevice, args, { env: host.toolEnv(location), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const take = (d: Buffer) => {
      const text = d.toString('utf8');
      output = (output + text).slice(-16_384);
      log.append(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const onCancel = () => log.append('\nCancel refused: stopping a firmware update can brick the card; it goes on to its end.\n');
    ctx.signal.addEventListener('abort', onCancel);
    const timer = setTimeout(() => log.append(`\nThe update has run for ${FIRMWARE_REPORT_AFTER_MS / 60_000} minutes (the vendor documents about 2): do not power off; check the card with axdevice in a terminal.\n`), FIRMWARE_REPORT_AFTER_MS);
    const [code] = (await Promise.race([once(child, 'exit'), once(child, 'error').then(([e]) => [e])])) as [number | null | Error];
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onCancel);
    if (code instanceof Error) throw new UserError(`axdevice could not start (${code.message})`, axdevice);
    const last = output.trim().split('\n').at(-1) ?? '';
    if (code !== 0 || !/flash success/i.test(output)) {
      throw new UserError(`the firmware update did not succeed (axdevice exited with status ${code}${last ? `: ${last}` : ''}); do not power off while axdevice runs; run \`axdevice\` in a terminal to see the card's state, and send \`axdevice --report\` to Axelera support if it is not listed`);
    }
    log.append(`\nThe update finished${host.simulated ? ' (simulated: no card was flashed)' : ''}: power-cycle the machine for the new firmware to start.\n`);
    ctx.progress({ stage: 'Done', done: 1, total: 1 });
    return params.log ? [params.log] : [];
  } catch (error) {
    const failure = simulatedFailure(error, host.simulated);
    log.append(`\n${failure instanceof Error ? failure.message : String(failure)}\n`);
    throw failure;
  } finally {
    await log.flush();
    await host.close();
  }
}
