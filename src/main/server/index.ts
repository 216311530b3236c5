/** `npm run serve`: browser mode from the command line. */
import { Core } from '../api/core';
import { appVersion, builtRendererDir } from '../paths';
import { Workspace } from '../workspace/workspace';
import { startServer, type RunningServer } from './server';

/** Browser mode over a fresh core; closing it also cancels the jobs still running and waits for them to stop. */
export async function serveBrowserMode(options: { port?: number; token?: string; maxUploadBytes?: number } = {}): Promise<RunningServer & { core: Core }> {
  const rendererDir = builtRendererDir();
  const workspace = await Workspace.open();
  const core = new Core({ face: 'browser', version: appVersion(), workspace });
  const server = await startServer({ core, workspace, rendererDir, ...options });
  return {
    ...server,
    core,
    close: async () => {
      // Jobs are child processes: without this they would run on, writing into the workspace, after the server went.
      await Promise.all([server.close(), core.jobs.stopAll()]);
    },
  };
}
