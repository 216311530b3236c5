// Starts the real core in browser mode with a throw-away workspace, as `npm run serve` does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveBrowserMode } from '../../src/main/server';

export interface TestServer {
  url: string;
  workspace: string;
  /** Changes the server's environment from now on (requests, and the jobs it starts next); undone at close. */
  setEnv(values: Record<string, string | undefined>): void;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /**
   * Environment of the server and of the jobs it starts (they inherit it), e.g. { LCZ_METIS_SIMULATOR: '1' }; an
   * undefined value unsets a variable. Put back as it was when the server closes: specs run one after another.
   */
  env?: Record<string, string | undefined>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const workspace = mkdtempSync(join(tmpdir(), 'lcz-e2e-'));
  process.env.LCZ_WORKSPACE = workspace;
  const saved = new Map<string, string | undefined>();
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (!saved.has(key)) saved.set(key, process.env[key]);
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  setEnv(options.env ?? {});
  const server = await serveBrowserMode({});
  return {
    url: server.url,
    workspace,
    setEnv,
    close: async () => {
      await server.close();
      setEnv(Object.fromEntries(saved));
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
