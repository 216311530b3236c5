// Starts browser mode from the TypeScript sources (tsx) and prints its address.
import { spawn, spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

function findChromium() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return null;
}

export async function startBrowserMode({ open }) {
  register();
  const { serveBrowserMode } = await import('../../src/main/server/index.ts');
  const server = await serveBrowserMode({});
  process.stdout.write(`\nLCZ Studio is running in browser mode. Open this address (it carries the access token):\n\n  ${server.url}\n\nPress Ctrl-C to stop.\n`);
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const chromium = open && hasDisplay ? findChromium() : null;
  if (chromium) {
    const child = spawn(chromium, [`--app=${server.url}`, '--no-first-run'], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  }
  // Closing the server also cancels running jobs and waits (a few seconds at most) for them to clean up;
  // a second Ctrl-C does not wait.
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stdout.write('\nStopping LCZ Studio (cancelling running jobs)…\n');
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
