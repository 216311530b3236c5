// `npm test`: the type checks and the linter side by side (two cores, two independent checks), then the build, the
// unit and integration tests and the end-to-end tests, one after another; stops at the first step that fails.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** `npm run <script>`; its output either streamed or kept and printed whole when it ends (so two never interleave). */
function run(script, { buffered = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', script], { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (buffered) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ script, code: code ?? (signal ? 1 : 0), output }));
  });
}

function stopOnFailure({ script, code }) {
  if (code !== 0) {
    process.stderr.write(`\nnpm test: ${script} failed (exit ${code}).\n`);
    process.exit(code);
  }
}

const checks = await Promise.all([run('typecheck', { buffered: true }), run('lint', { buffered: true })]);
for (const check of checks) process.stdout.write(check.output);
checks.forEach(stopOnFailure);
for (const script of ['build', 'test:unit', 'test:e2e']) stopOnFailure(await run(script));
