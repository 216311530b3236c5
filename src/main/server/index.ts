/** `npm run serve`: browser mode from the command line. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Core } from '../api/core';
import { appRoot } from '../paths';
import { Workspace } from '../workspace/workspace';
import { startServer, type RunningServer } from './server';

export async function serveBrowserMode(options: { port?: number; token?: string } = {}): Promise<RunningServer & { core: Core }> {
  const root = appRoot();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const workspace = await Workspace.open();
  const core = new Core({ face: 'browser', version, workspace });
  const server = await startServer({ core, workspace, rendererDir: join(root, 'out', 'renderer'), ...options });
  return { ...server, core };
}
