/**
 * Run as a process of its own by the fuzz harness: browser mode on the workspace named by LCZ_WORKSPACE, its address
 * printed as one JSON line. A crash of the server is then this process exiting, which a test can see and report,
 * instead of the test runner's worker dying with it.
 */
import { serveBrowserMode } from '../../src/main/server';

const maxUploadBytes = process.env.LCZ_TEST_MAX_UPLOAD ? Number(process.env.LCZ_TEST_MAX_UPLOAD) : undefined;
const server = await serveBrowserMode(maxUploadBytes ? { maxUploadBytes } : {});
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
