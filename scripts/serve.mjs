// `npm run serve`: browser mode (HTTP + WebSocket on 127.0.0.1 with an access token).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserMode } from './lib/browser-mode.mjs';
import { buildIfStale } from './lib/build-if-stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
buildIfStale(root);
await startBrowserMode({ open: !process.argv.includes('--no-open') });
