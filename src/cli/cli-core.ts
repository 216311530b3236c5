import type { Core } from '../main/api/core';
import type { RequestContext } from '../main/api/request-context';
import type { Workspace } from '../main/workspace/workspace';
import type { ContractKey, InputOf, OutputOf } from '../shared/contract';
import { UserError } from '../shared/errors';

let opened: Promise<Core> | undefined;

/** The workspace's folders are made when it opens: a home that cannot hold them is said in words. */
async function openWorkspace(): Promise<Workspace> {
  const { Workspace } = await import('../main/workspace/workspace');
  try {
    return await Workspace.open();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const path = (error as NodeJS.ErrnoException | undefined)?.path;
    if (!code || !path) throw error;
    throw new UserError(`the LCZ Studio workspace cannot be made here (${code}); set LCZ_WORKSPACE to a folder you can write`, path);
  }
}

/**
 * The core the lcz command is a face of: the same Core the desktop app and browser mode run, built in this process on
 * first use over the user's workspace (LCZ_WORKSPACE moves it). Loaded then, not at start-up, so that `lcz --help`
 * and flag errors do not pay for it.
 */
export function cliCore(): Promise<Core> {
  opened ??= (async () => {
    const [{ Core }, { appVersion }] = await Promise.all([import('../main/api/core'), import('../main/paths')]);
    return new Core({ face: 'cli', version: appVersion(), workspace: await openWorkspace() });
  })();
  return opened;
}

/** One request to the core, checked against the contract there, as the app's and browser mode's requests are. */
export async function request<K extends ContractKey>(key: K, input: InputOf<K>, context?: RequestContext): Promise<OutputOf<K>> {
  const core = await cliCore();
  return (await core.handle(key, input, context)) as OutputOf<K>;
}
