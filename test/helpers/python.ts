import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PYTHON = '/usr/bin/python3';

/** Why /usr/bin/python3 cannot import these modules, or null when it can (tests cross-check against them). */
export function python3Has(...modules: string[]): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is absent`;
  try {
    execFileSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
    return null;
  } catch {
    return `${PYTHON} cannot import ${modules.join(', ')}`;
  }
}

/** Runs a Python script with arguments and parses the JSON it prints. */
export function pythonJson<T>(script: string, input?: string, ...args: string[]): T {
  return JSON.parse(execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', input, maxBuffer: 1 << 28 })) as T;
}
