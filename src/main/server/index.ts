/** `npm run serve`: browser mode from the command line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../api/core';
import { appRoot } from '../paths';
import { Workspace } from '../workspace/workspace';
import { startServer, type RunningServer } from './server';

/** Browser mode over a fresh core; closing it also cancels the jobs still running and waits for them to stop. */
export async function serveBrowserMode(options: { port?: number; token?: string; maxUploadBytes?: number } = {}): Promise<RunningServer & { core: Core }> {
  const root = appRoot();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const workspace = await Workspace.open();
  const core = new Core({ face: 'browser', version, workspace });
  const server = await startServer({ core, workspace, rendererDir: join(root, 'out', 'renderer'), ...options });
  return {
    ...server,
    core,
    close: async () => {
      // Jobs are child processes: without this they would run on, writing into the workspace, after the server went.
      await Promise.all([server.close(), core.jobs.stopAll()]);
    },
  };
}
