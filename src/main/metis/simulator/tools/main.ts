/**
 * SIMULATOR ONLY. The entry of every fake tool of the Metis simulator (simulator.ts writes one shell script per tool
 * that starts this with the tool's name): axdevice, axversion, axcompile, axrunmodel, python3 (compile.py only) and
 * runner (the runtime helper). The machine it pretends to be is in $LCZ_METIS_SIM_STATE/state.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatorState } from '../scenarios';

// Each tool imports what it needs when it runs: axdevice should not wait for ONNX Runtime to load.

const out = (s: string) => process.stdout.write(s);
const err = (s: string) => process.stderr.write(s);

async function main(): Promise<number> {
  const [tool = '', ...argv] = process.argv.slice(2);
  const dir = process.env.LCZ_METIS_SIM_STATE;
  if (!dir) {
    err('LCZ Studio Metis simulator: LCZ_METIS_SIM_STATE is not set (run the tools the simulator writes)\n');
    return 2;
  }
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as SimulatorState;
  switch (tool) {
    case 'axdevice':
      return argv.includes('interactive_flash_update')
        ? (await import('./fake-flash')).fakeFlashUpdate(state, argv, out, err)
        : (await import('./fake-axdevice')).fakeAxdevice(state, out, err);
    case 'axversion':
      return (await import('./fake-axdevice')).fakeAxversion(state, argv, out);
    case 'axcompile':
    case 'python3': {
      const { compileRequest, fakeCompile } = await import('./fake-compiler');
      const request = compileRequest(tool, argv);
      if (typeof request === 'string') {
        err(`${request}\n`);
        return 2;
      }
      return fakeCompile(state, request, process.env.LCZ_METIS_SIM_QDQ_MODEL || null, err);
    }
    case 'axrunmodel':
      return (await import('./fake-axrunmodel')).fakeAxrunmodel(state, argv, out, err);
    case 'runner':
      return (await import('./fake-runner')).fakeRunner(state, argv, err);
    default:
      err(`LCZ Studio Metis simulator: no tool "${tool}"\n`);
      return 2;
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    err(`LCZ Studio Metis simulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
