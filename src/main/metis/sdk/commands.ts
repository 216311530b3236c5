/**
 * The command lines LCZ Studio runs against the SDK, in one place, as metis.md documents them:
 *
 *   axcompile -i model.onnx -o OUTDIR --input-shape 1,C,H,W --input-data-layout NCHW --imageset DIR
 *   <venv>/python3 resources/metis/compile.py --model ... --output ... --calibration DIR ...   (the Python API)
 *   axrunmodel model.json -d N --seconds S --aipu-cores K
 *   lcz-metis-runner model.json --device N --aipu-cores K                                      (our helper)
 */
import { resourcePath } from '../../paths';

export interface CompileInput {
  /** The prepared model (batch 1, static shapes). */
  model: string;
  outDir: string;
  /** The prepared model's input dims, batch first, in its own layout. */
  inputDims: readonly number[];
  layout: 'NCHW' | 'NHWC';
  /** Folder of calibration .npy patches (deploy/calibration-set.ts). */
  calibration: string;
  /** 1 (batch 1 per core) or 4 (a batch of 4 over the four cores). */
  aipuCores: 1 | 4;
}

export function compileScript(): string {
  return resourcePath('metis', 'compile.py');
}

/** The Python API route: the practical one for multi-band inputs (metis.md). */
export function pythonCompileArgs(c: CompileInput): string[] {
  return [compileScript(), '--model', c.model, '--output', c.outDir, '--calibration', c.calibration, '--input-layout', c.layout, '--aipu-cores', String(c.aipuCores)];
}

/**
 * The axcompile route. `--imageset` is documented as calibration data but its reader assumes RGB images, so for our
 * multi-band patches the Python API is the route LCZ Studio takes; this is kept for the SDK versions whose imageset
 * reader takes .npy (and for a user who wants to run the compile by hand).
 */
export function axcompileArgs(c: CompileInput): string[] {
  return ['-i', c.model, '-o', c.outDir, '--input-shape', c.inputDims.join(','), '--input-data-layout', c.layout, '--imageset', c.calibration];
}

export interface RunInput {
  /** compiled_model/model.json (or the .axm). */
  model: string;
  /** Index of the device as axdevice lists it. */
  device: number;
  aipuCores: number;
}

export function axrunmodelArgs(r: RunInput & { seconds: number }): string[] {
  return [r.model, '-d', String(r.device), '--seconds', String(r.seconds), '--aipu-cores', String(r.aipuCores)];
}

/**
 * The firmware update of one device (metis.md: `axdevice interactive_flash_update`; older SDKs ship
 * interactive_flash_update.sh instead). The tool may ask questions: LCZ Studio answers none (its stdin is closed), so
 * a question ends it, and its output says what it wanted.
 */
export function firmwareUpdateArgs(device: number): string[] {
  return ['-d', String(device), 'interactive_flash_update'];
}

export function runnerArgs(r: RunInput): string[] {
  return [r.model, '--device', String(r.device), '--aipu-cores', String(r.aipuCores)];
}
