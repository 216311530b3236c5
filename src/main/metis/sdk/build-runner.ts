/**
 * Builds the runtime helper (resources/metis/lcz-metis-runner.c) on this machine, against the SDK's axruntime, with
 * the Makefile beside it (`pkg-config axruntime`). LCZ Studio ships the source, not a binary: the helper must match
 * the installed SDK. Built once into `outDir` (rebuilt when the source is newer), written under a temp name and
 * renamed, so a half-built helper is never run.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../../shared/errors';
import { resourcePath } from '../../paths';
import { sdkEnv, type SdkLocation } from './locate-sdk';
import { failureText, runTool } from './run-tool';

export const RUNNER_NAME = 'lcz-metis-runner';
const BUILD_TIMEOUT_MS = 120_000;

export function runnerSource(): { dir: string; source: string; makefile: string } {
  const dir = resourcePath('metis');
  return { dir, source: join(dir, `${RUNNER_NAME}.c`), makefile: join(dir, 'Makefile') };
}

/** The make command that builds the helper into `outDir`. */
export function runnerBuildCommand(outDir: string): { command: string; args: string[] } {
  return { command: 'make', args: ['-f', runnerSource().makefile, `OUT=${outDir}`] };
}

export async function ensureRunner(location: SdkLocation, outDir: string, env: NodeJS.ProcessEnv = sdkEnv(location)): Promise<string> {
  const target = join(outDir, RUNNER_NAME);
  const [built, source] = await Promise.all([stat(target).catch(() => null), stat(runnerSource().source)]);
  if (built && built.mtimeMs >= source.mtimeMs) return target;
  const probe = await runTool('pkg-config', ['--exists', 'axruntime'], { env, timeoutMs: 10_000 });
  if (probe.startError) throw new UserError('pkg-config is not installed; it finds the SDK\'s axruntime to build the runtime helper: `sudo apt install pkg-config build-essential`');
  if (probe.code !== 0) throw new UserError('pkg-config cannot find axruntime, the Voyager SDK\'s C runtime, to build the runtime helper: set up the SDK (AXELERA_FRAMEWORK, or its venv) and make sure its pkg-config folder is in PKG_CONFIG_PATH');
  const temp = join(outDir, `.build-${process.pid}`);
  await mkdir(temp, { recursive: true });
  try {
    const { command, args } = runnerBuildCommand(temp);
    const r = await runTool(command, args, { env, timeoutMs: BUILD_TIMEOUT_MS });
    if (r.code !== 0) throw new UserError(`the runtime helper did not build: ${failureText('make', r, BUILD_TIMEOUT_MS)}`, runnerSource().source);
    await rename(join(temp, RUNNER_NAME), target);
    return target;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
