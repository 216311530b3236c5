// Every lcz command that writes, with every kind of impossible output location: each must exit 1 at once with one
// `lcz:` line naming the path and the problem (no stack trace, no progress: the work never started) and write
// nothing. Runs are spawned side by side (describe.concurrent) and killed if they hang (before the fix, /proc made
// lcz map and lcz train loop for ever in Node's recursive mkdir).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { demoBundlePath } from '../../src/main/paths';
import { startLcz, type LczCliOptions } from '../helpers/lcz-cli';
import { writeSmallSo2Sat } from '../so2sat/small-file';

const temp = mkdtempSync(join(tmpdir(), 'lcz-cli-out-'));
const file = join(temp, 'a-file');
const folder = join(temp, 'a-folder');
const locked = join(temp, 'locked');
const paths = { scene: join(temp, 'scene', 'synthetic-city-s2.tif'), truth: join(temp, 'scene', 'synthetic-city-truth.tif'), train: join(temp, 'train.h5') };

// Root may write anywhere: the unwritable folder is tried as an unprivileged user (nobody), who can read the
// inputs but not write in a root-owned folder of mode 0555. Anyone else is refused it as themselves.
const asRoot = process.getuid?.() === 0;
const unprivileged: LczCliOptions['user'] = asRoot ? { uid: 65534, gid: 65534 } : undefined;

interface Command {
  args: (out: string) => string[];
  kind: 'folder' | 'file';
  /** The file name extension its output takes. */
  ext: string;
  /** How it names the output in the empty-path message. */
  flag: string;
}

const COMMANDS: Record<string, Command> = {
  map: { kind: 'folder', ext: '', flag: '--out', args: (out) => ['map', '--scene', paths.scene, '--out', out] },
  train: { kind: 'folder', ext: '', flag: '--out', args: (out) => ['train', '--train', paths.train, '--member', 'tiny-cnn', '--epochs', '1', '--out', out] },
  demo: { kind: 'folder', ext: '', flag: '--out', args: (out) => ['demo', '--out', out, '--size', '10'] },
  'import-model': { kind: 'folder', ext: '', flag: '--out', args: (out) => ['import-model', join(demoBundlePath(), 'model.onnx'), '--so2sat', '--out', out] },
  'so2sat synth': { kind: 'file', ext: '.h5', flag: '--out', args: (out) => ['so2sat', 'synth', '--n', '10', '--out', out] },
  'export-map': { kind: 'file', ext: '.tif', flag: '<out.tif>', args: (out) => ['export-map', paths.truth, out] },
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface BadOut {
  out: string;
  /** What the one line must say besides the path. */
  problem: RegExp;
  /** The text that names the path in the message (default: the path). */
  named?: string;
  user?: LczCliOptions['user'];
}

/** The impossible outputs every command is tried with. */
function badOuts(c: Command): Record<string, BadOut> {
  return {
    'an empty path': { out: '', named: `${c.flag} ""`, problem: /is empty/ },
    'a path under /proc': { out: `/proc/self/lcz-out${c.ext}`, problem: new RegExp(`the output ${c.kind} is on procfs \\(/proc\\), a special filesystem`) },
    [c.kind === 'folder' ? 'an existing file' : 'an existing folder']:
      c.kind === 'folder' ? { out: file, problem: /: the output folder is a file, not a folder/ } : { out: folder, problem: /: the output file is a folder; give the name of the file/ },
    'a path whose parent is a file': { out: join(file, `x${c.ext}`), problem: new RegExp(`the output ${c.kind} cannot be made: ${escape(file)} is a file, not a folder`) },
    'a path in an unwritable folder': { out: join(locked, `x${c.ext}`), problem: new RegExp(`the output ${c.kind} cannot be written: no permission to write in ${escape(locked)}`), user: unprivileged },
  };
}

/**
 * The other kernel filesystems, for one folder command and one file command: every command checks its output with
 * the same function, and each spawn costs a second or two.
 */
const SPECIAL: Record<string, (c: Command) => BadOut> = {
  'a path under /sys': (c) => ({ out: `/sys/lcz-out${c.ext}`, problem: new RegExp(`the output ${c.kind} is on sysfs \\(/sys\\), a special filesystem`) }),
  'a path under a device': (c) => ({ out: `/dev/null/lcz-out${c.ext}`, problem: new RegExp(`the output ${c.kind} is on devtmpfs \\(/dev\\), a special filesystem`) }),
};

/** Folders that exist and hold something else: what each folder command refuses to write over. */
const OCCUPIED: Record<string, RegExp> = {
  map: /this folder exists and is not an LCZ mapping result \(it has no summary\.json\)/,
  train: /this folder exists and is not empty; a new training run needs a new or empty folder/,
  'import-model': /this folder exists and is not a model bundle/,
};

/** Every file and folder under temp (but the workspace, which lcz map opens), with its size: what "nothing written" compares. */
function tree(dir = temp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (path === join(temp, 'ws')) return [];
    return entry.isDirectory() ? [`${path}/`, ...tree(path)] : [`${path} ${statSync(path).size}`];
  });
}

/** A run that takes this long hangs (a loaded 2-core machine starts lcz in a few seconds, not minutes). */
const SPAWN_MS = 120_000;
const TEST_MS = SPAWN_MS + 30_000;

let before: string[] = [];

beforeAll(async () => {
  await writeDemoScene(join(temp, 'scene'), { seed: 3, size: 10 });
  await writeSmallSo2Sat(paths.train, { n: 20 });
  writeFileSync(file, 'a file, not a folder');
  mkdirSync(folder);
  writeFileSync(join(folder, 'notes.txt'), 'someone else’s');
  mkdirSync(locked, { mode: 0o555 });
  chmodSync(locked, 0o555);
  mkdirSync(join(temp, 'ws'), { mode: 0o777 });
  chmodSync(join(temp, 'ws'), 0o777);
  chmodSync(temp, 0o755); // mkdtemp made it 0700: the unprivileged user must reach the inputs
  before = tree();
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function refused(name: string, bad: BadOut): Promise<void> {
  const command = COMMANDS[name]!;
  const run = await startLcz({ cwd: temp, workspace: join(temp, 'ws'), timeoutMs: SPAWN_MS, user: bad.user }, ...command.args(bad.out)).done;
  expect(run.signal, `killed: it hung (stderr: ${run.stderr})`).toBeNull();
  expect(run.status, run.stderr).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^lcz: /);
  expect(lines[0]).toContain(bad.named ?? bad.out);
  expect(lines[0]).toMatch(bad.problem);
  expect(run.stdout).toBe('');
  expect(tree()).toEqual(before);
}

describe.concurrent('lcz with an impossible output location', () => {
  for (const [name, command] of Object.entries(COMMANDS)) {
    for (const [what, bad] of Object.entries(badOuts(command))) {
      it(`lcz ${name}: ${what}`, () => refused(name, bad), TEST_MS);
    }
  }
  for (const name of ['map', 'so2sat synth']) {
    for (const [what, bad] of Object.entries(SPECIAL)) it(`lcz ${name}: ${what}`, () => refused(name, bad(COMMANDS[name]!)), TEST_MS);
  }
  for (const [name, problem] of Object.entries(OCCUPIED)) {
    it(`lcz ${name}: an existing folder holding other files`, () => refused(name, { out: folder, problem }), TEST_MS);
  }
});
