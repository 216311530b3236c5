// Starts the real core in browser mode with a throw-away workspace, as `npm run serve` does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveBrowserMode } from '../../src/main/server';

export interface TestServer {
  url: string;
  workspace: string;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const workspace = mkdtempSync(join(tmpdir(), 'lcz-e2e-'));
  process.env.LCZ_WORKSPACE = workspace;
  const server = await serveBrowserMode({});
  return {
    url: server.url,
    workspace,
    close: async () => {
      await server.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
