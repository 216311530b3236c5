/**
 * Debian's /usr/bin/python3 as a reference implementation (numpy, scipy, scikit-learn, h5py, ONNX, PyTorch, GDAL's
 * Python bindings): the one place tests find it, ask what it can import and run scripts with it.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { missing } from './missing';

export const PYTHON = '/usr/bin/python3';

/** The Debian package that brings each module, for the message of a test that needs it. */
const PACKAGES: Record<string, string> = {
  numpy: 'python3-numpy',
  scipy: 'python3-scipy',
  sklearn: 'python3-sklearn',
  h5py: 'python3-h5py',
  onnx: 'python3-onnx',
  torch: 'python3-torch',
  osgeo: 'python3-gdal',
};

// No .aux.xml beside a file GDAL's bindings read: tests leave inputs as they found them.
const env = { ...process.env, GDAL_PAM_ENABLED: 'NO' };

const probed = new Map<string, string | null>();

/** Why /usr/bin/python3 cannot import these modules, or null when it can; no side effect (see pythonMissing). */
export function pythonCannotImport(...modules: string[]): string | null {
  const key = modules.join(',');
  if (!probed.has(key)) {
    const packages = modules.map((m) => PACKAGES[m] ?? m).join(' ');
    const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' }).status === 0;
    const what = modules.length ? `cannot import ${modules.join(', ')} (apt-get install ${packages})` : 'is absent (apt-get install python3)';
    probed.set(key, ok ? null : `${PYTHON} ${what}`);
  }
  return probed.get(key)!;
}

/** The reason to skip a test that needs these modules, or null (printed; thrown under LCZ_REQUIRE_ALL: ./missing.ts). */
export function pythonMissing(...modules: string[]): string | null {
  return missing(pythonCannotImport(...modules));
}

/** Runs a Python script with arguments (sys.argv[1:]) and returns what it prints. */
export function python(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
}

/** Runs a Python script with `input` on its standard input and parses the JSON it prints. */
export function pythonJson<T>(script: string, input?: string, ...args: string[]): T {
  return JSON.parse(execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', env, input, maxBuffer: 1 << 28 })) as T;
}

const execFileAsync = promisify(execFile);

/** python() without blocking (fixtures made side by side); rejects with the script's stderr when it fails. */
export async function pythonAsync(script: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 28, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`python failed: ${e.stderr || e.message}`, { cause: error });
  }
}
