/**
 * Compiles a bundle's model with the SDK: the model prepared for the compiler (check/prepare-model.ts, checked with
 * ONNX Runtime), then the SDK's Python API through resources/metis/compile.py in the SDK's venv (the route metis.md
 * calls practical for multi-band inputs), or `axcompile` when asked; compilation_report.json is then read and each
 * failure status becomes a message with what to do (sdk/compile-report.ts). A first compile takes 2-5 minutes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CompileFix } from '../../../shared/contract/metis';
import { UserError } from '../../../shared/errors';
import type { Bundle } from '../../bundles/bundle-io';
import { readModelBytes } from '../../onnx/read-model';
import { prepareModel } from '../check/prepare-model';
import type { MetisHost } from '../host';
import { axcompileArgs, pythonCompileArgs, type CompileInput } from '../sdk/commands';
import { locateCompiledModel, readCompileOutcome, type CompiledModel } from '../sdk/compile-report';
import type { SdkLocation } from '../sdk/locate-sdk';
import { failureText, runTool } from '../sdk/run-tool';

export const COMPILE_TIMEOUT_MS = 60 * 60 * 1000;
/** Read by the simulator's fake compiler only: the int8 QDQ model its simulated card runs. */
export const SIMULATOR_QDQ_ENV = 'LCZ_METIS_SIM_QDQ_MODEL';

export interface CompileStepRequest {
  host: MetisHost;
  location: SdkLocation;
  bundle: Bundle;
  calibrationDir: string;
  /** The folder the compiler writes its output tree to (created by the compiler). */
  outDir: string;
  /** Where the prepared model is written (prepared.onnx). */
  workDir: string;
  route?: 'python-api' | 'axcompile';
  aipuCores?: 1 | 4;
  /** The bundle's int8 sibling's model.onnx: the simulated card runs it (ignored on a real card). */
  int8Model?: string | null;
  onLog?: (text: string) => void;
  signal?: AbortSignal;
}

export interface CompileStepResult {
  compiled: CompiledModel;
  route: 'python-api' | 'axcompile';
  fixes: CompileFix[];
  prepared: string;
}

export async function compileStep(r: CompileStepRequest): Promise<CompileStepResult> {
  const route = r.route ?? 'python-api';
  const tool = route === 'python-api' ? r.location.python : r.location.tools.axcompile;
  if (!tool) {
    throw new UserError(
      route === 'python-api'
        ? `the SDK's Python was not found in ${r.location.root ?? 'the SDK'} (venv/bin/python3): set AXELERA_FRAMEWORK to the Voyager SDK's folder, or activate its venv`
        : 'axcompile is not in the SDK: set AXELERA_FRAMEWORK to the Voyager SDK\'s folder',
    );
  }
  const prepared = await prepareModel(await readModelBytes(r.bundle.modelPath), r.bundle.manifest, r.bundle.modelPath);
  const preparedPath = join(r.workDir, 'prepared.onnx');
  await writeFile(preparedPath, prepared.bytes);
  const input: CompileInput = { model: preparedPath, outDir: r.outDir, inputDims: prepared.inputDims, layout: prepared.layout, calibration: r.calibrationDir, aipuCores: r.aipuCores ?? 1 };
  const args = route === 'python-api' ? pythonCompileArgs(input) : axcompileArgs(input);
  r.onLog?.(`$ ${tool} ${args.join(' ')}\n`);
  const extra = r.host.simulated && r.int8Model ? { [SIMULATOR_QDQ_ENV]: r.int8Model } : {};
  const result = await runTool(tool, args, { env: r.host.toolEnv(r.location, extra), timeoutMs: COMPILE_TIMEOUT_MS, signal: r.signal, onOutput: r.onLog });
  if (r.signal?.aborted) throw r.signal.reason;
  const outcome = await readCompileOutcome(r.outDir);
  if (outcome && !outcome.ok) {
    // The output folder goes with the failed deploy: its log goes into the job's log first.
    const log = await readFile(join(r.outDir, 'compilation_log.txt'), 'utf8').catch(() => null);
    if (log) r.onLog?.(`\n--- compilation_log.txt ---\n${log.slice(-32_768)}\n`);
    throw new UserError(`${outcome.message}; ${outcome.remedy}`);
  }
  if (result.code !== 0) throw new UserError(`the compile failed: ${failureText(route === 'python-api' ? 'compile.py' : 'axcompile', result, COMPILE_TIMEOUT_MS)}`);
  const compiled = await locateCompiledModel(r.outDir);
  if (!compiled) throw new UserError('the compiler finished but wrote no compiled model (compiled_model/model.json or a .axm file)', r.outDir);
  return { compiled, route, fixes: prepared.fixes, prepared: preparedPath };
}
