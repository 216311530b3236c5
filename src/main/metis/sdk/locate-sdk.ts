/**
 * Finds the Axelera Voyager SDK: a path configured in LCZ Studio, else AXELERA_FRAMEWORK (metis.md: the SDK lives in
 * a Python venv found through it), else its tools on PATH (an activated venv, or an installed runtime). In an SDK
 * folder the tools are looked for in venv/bin (a Voyager SDK checkout), bin/ (an installed runtime) and the folder
 * itself; its Python (which runs resources/metis/compile.py) is the venv's. Nothing here runs the tools.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';

export const SDK_TOOLS = ['axdevice', 'axcompile', 'axrunmodel', 'axversion'] as const;
export type SdkTool = (typeof SDK_TOOLS)[number];

export interface SdkLocation {
  /** The SDK folder, or the folder its tools were found in on PATH; null when nothing was found. */
  root: string | null;
  via: 'configured' | 'AXELERA_FRAMEWORK' | 'PATH' | null;
  tools: Record<SdkTool, string | null>;
  python: string | null;
  /** Why nothing was found, in words, when nothing was. */
  missing: string | null;
}

export interface LocateOptions {
  /** A path set in LCZ Studio's settings; wins over the environment. */
  configuredPath?: string | null;
  env?: NodeJS.ProcessEnv;
}

async function executable(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return !!info?.isFile() && (await access(path, constants.X_OK).then(() => true, () => false));
}

async function firstExecutable(dirs: readonly string[], name: string): Promise<string | null> {
  for (const dir of dirs) if (await executable(join(dir, name))) return join(dir, name);
  return null;
}

async function toolsIn(dirs: readonly string[]): Promise<Record<SdkTool, string | null>> {
  const entries = await Promise.all(SDK_TOOLS.map(async (t) => [t, await firstExecutable(dirs, t)] as const));
  return Object.fromEntries(entries) as Record<SdkTool, string | null>;
}

/** The SDK folder's tool folders, in the order they are searched. */
export function sdkBinDirs(root: string): string[] {
  return [join(root, 'venv', 'bin'), join(root, 'bin'), root];
}

export async function locateSdk(options: LocateOptions = {}): Promise<SdkLocation> {
  const env = options.env ?? process.env;
  const roots: [SdkLocation['via'], string][] = [];
  if (options.configuredPath) roots.push(['configured', options.configuredPath]);
  if (env.AXELERA_FRAMEWORK) roots.push(['AXELERA_FRAMEWORK', env.AXELERA_FRAMEWORK]);
  const absent: string[] = [];
  for (const [via, root] of roots) {
    if (!(await stat(root).catch(() => null))?.isDirectory()) {
      absent.push(`${via === 'configured' ? 'the configured SDK path' : 'AXELERA_FRAMEWORK'} ${root} is not a folder`);
      continue;
    }
    const dirs = sdkBinDirs(root);
    return { root, via, tools: await toolsIn(dirs), python: await firstExecutable(dirs, 'python3'), missing: null };
  }
  const pathDirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const tools = await toolsIn(pathDirs);
  const found = Object.values(tools).find((t) => t !== null);
  if (found) {
    // The tools of an activated venv sit beside its python.
    const python = (await executable(join(dirname(found), 'python3'))) ? join(dirname(found), 'python3') : null;
    return { root: dirname(found), via: 'PATH', tools, python, missing: null };
  }
  absent.push(roots.length === 0 ? 'AXELERA_FRAMEWORK is not set' : '', `no ${SDK_TOOLS.slice(0, 3).join(', ')} on PATH`);
  return { root: null, via: null, tools, python: null, missing: absent.filter(Boolean).join('; ') };
}

/** The environment the SDK's tools run in: AXELERA_FRAMEWORK set, and its tool folders first on PATH. */
export function sdkEnv(location: SdkLocation, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!location.root || location.via === 'PATH') return { ...base };
  return { ...base, AXELERA_FRAMEWORK: location.root, PATH: [...sdkBinDirs(location.root), base.PATH ?? ''].filter(Boolean).join(delimiter) };
}
