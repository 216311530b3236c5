import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../paths';

/** What LCZ Studio writes as producer_name in its ONNX files and as createdBy in bundles. */
export const PRODUCER_NAME = 'LCZ Studio';

let cached: string | undefined;

/** The app version from package.json (read once), so files say which release made them. */
export function producerVersion(): string {
  cached ??= (JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
