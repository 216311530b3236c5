import { appVersion } from '../paths';

/** What LCZ Studio writes as producer_name in its ONNX files and as createdBy in bundles. */
export const PRODUCER_NAME = 'LCZ Studio';

/** The app version (paths.ts reads it), so files say which release made them. */
export function producerVersion(): string {
  return appVersion();
}
