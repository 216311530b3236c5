/**
 * What the runtime's errors mean for the user. The texts come from the runtime (axr_last_error_string, as the helper
 * and axrunmodel print them); metis.md names the error codes (AXR_ERROR_DEVICE_IN_USE, AXR_ERROR_CONNECTION_ERROR,
 * AXR_ERROR_INCOMPATIBLE_DEVICE), the "Unsupported model version: 4.0, expected at least 5.0" message of a model
 * compiled by an older SDK, and the failure signs of a card in trouble.
 */
export type RuntimeErrorKind = 'device-in-use' | 'model-version' | 'incompatible-device' | 'connection' | 'other';

export interface RuntimeError {
  kind: RuntimeErrorKind;
  message: string;
  remedy: string;
}

const MODEL_VERSION = /Unsupported model version:\s*([\d.]+),\s*expected at least\s*([\d.]+)/i;

export function explainRuntimeError(text: string): RuntimeError {
  const line = text.trim().split('\n').filter(Boolean).at(-1) ?? text.trim();
  const version = MODEL_VERSION.exec(text);
  if (version) {
    return {
      kind: 'model-version',
      message: `the deployment was compiled by another SDK version (model format ${version[1]}, this SDK needs at least ${version[2]})`,
      remedy: 'recompile: deploy the bundle again with this SDK (the old deployment folder can then be removed)',
    };
  }
  if (/AXR_ERROR_DEVICE_IN_USE|DeviceInUse|device in use/i.test(text)) {
    return { kind: 'device-in-use', message: `the card is in use by another program (${line})`, remedy: 'close the other program using the card (another LCZ Studio job, inference.py or axrunmodel), or choose another device' };
  }
  if (/AXR_ERROR_INCOMPATIBLE_DEVICE/i.test(text)) {
    return { kind: 'incompatible-device', message: `the card cannot run this model (${line})`, remedy: 'update the card\'s firmware to match the SDK (`axdevice interactive_flash_update`), or recompile for this card' };
  }
  if (/AXR_ERROR_CONNECTION_ERROR|communication timed out|Invalid hdrv magic|Fail to get hdrv area/i.test(text)) {
    return { kind: 'connection', message: `the card stopped answering (${line})`, remedy: 'power-cycle the machine (a thermal shutdown needs one too); if it persists, check the firmware with `axdevice` and send `axdevice --report` to Axelera support' };
  }
  return { kind: 'other', message: line || 'the runtime failed without a message', remedy: 'run the command in a terminal to see the whole output; `axdevice --report` collects logs for Axelera support' };
}
