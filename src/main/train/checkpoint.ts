/**
 * A member's checkpoint: its weights, its optimizer's state (Adam's moments and step count) and where training
 * stands, saved after every epoch so that a cancel or a crash loses at most the epoch under way. Saved complete or
 * not at all: written into a fresh folder, which then replaces the previous checkpoint by renames; a failure (a full
 * disk) leaves the previous checkpoint as it was.
 */
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import { epochRecordSchema, type EpochRecord } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';
// Each file is synced before the renames that publish the checkpoint: a power cut cannot leave a named but empty file.
import { writeDurable } from '../workspace/atomic-write';

const tensorEntriesSchema = z.array(
  z.object({
    name: z.string(),
    shape: z.array(z.number().int().min(0)),
    /** Offset in float32 values into the .bin file. */
    offset: z.number().int().min(0),
  }),
);
type TensorEntry = z.infer<typeof tensorEntriesSchema>[number];

const stateSchema = z.object({ epoch: z.number().int().min(1), history: z.array(epochRecordSchema) });

export interface CheckpointState {
  epoch: number;
  history: EpochRecord[];
}

const CHECKPOINT = 'checkpoint';
/** The previous checkpoint, moved aside while the new one takes its place ("-<pid>" in earlier versions). */
const OLD = `.${CHECKPOINT}-old`;
const isOld = (name: string) => name === OLD || /^\.checkpoint-old-\d+$/.test(name);
/** A checkpoint being written. */
const isFresh = (name: string) => /^\.checkpoint-\d+-\d+$/.test(name) || name.startsWith(`.${CHECKPOINT}-new-`);

const REMEDY = 'delete the member\'s checkpoint folder to train it again from its first epoch';

async function writeTensors(dir: string, stem: string, named: { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const entries: TensorEntry[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const { name, tensor } of named) {
    const data = (await tensor.data()) as Float32Array;
    entries.push({ name, shape: tensor.shape, offset });
    parts.push(data instanceof Float32Array ? data : Float32Array.from(data));
    offset += data.length;
  }
  const bin = new Float32Array(offset);
  let at = 0;
  for (const p of parts) {
    bin.set(p, at);
    at += p.length;
  }
  await writeDurable(join(dir, `${stem}.bin`), new Uint8Array(bin.buffer));
  await writeDurable(join(dir, `${stem}.json`), JSON.stringify(entries));
}

/** A checkpoint file's bytes; a missing or unreadable one is a UserError that names it. */
async function readPart(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UserError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the checkpoint is incomplete; ${REMEDY}`, file);
  }
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const text = (await readPart(file)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`is damaged (not JSON: the save was cut short?); ${REMEDY}`, file);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new UserError(`is damaged (${parsed.error.issues[0]?.path.join('.') || 'content'}: ${parsed.error.issues[0]?.message}); ${REMEDY}`, file);
  return parsed.data;
}

async function readTensors(dir: string, stem: string): Promise<{ name: string; tensor: tf.Tensor }[]> {
  const entries = await readJson(join(dir, `${stem}.json`), tensorEntriesSchema);
  const binFile = join(dir, `${stem}.bin`);
  const bytes = await readPart(binFile);
  const needed = entries.reduce((most, e) => Math.max(most, e.offset + e.shape.reduce((a, b) => a * b, 1)), 0);
  if (bytes.byteLength % 4 !== 0 || bytes.byteLength < needed * 4) {
    throw new UserError(`is cut short: it holds ${bytes.byteLength} bytes, its tensors need ${needed * 4}; ${REMEDY}`, binFile);
  }
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return entries.map((e) => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    return { name: e.name, tensor: tf.tensor(all.subarray(e.offset, e.offset + size), e.shape) };
  });
}

/**
 * The member's checkpoint folder, or null when it has none. A process killed between the two renames of a save
 * left no checkpoint/ but the previous one moved aside: it is put back, so the member resumes from it rather than
 * from its first epoch.
 */
export async function restoreCheckpoint(memberDir: string): Promise<string | null> {
  const target = join(memberDir, CHECKPOINT);
  const names = await readdir(memberDir).catch(() => [] as string[]);
  if (names.includes(CHECKPOINT)) return target;
  const old = names.find(isOld);
  if (!old) return null;
  await rename(join(memberDir, old), target);
  return target;
}

export async function saveCheckpoint(memberDir: string, model: LayersModel, optimizer: tf.Optimizer, state: CheckpointState): Promise<void> {
  const target = join(memberDir, CHECKPOINT);
  const fresh = join(memberDir, `.${CHECKPOINT}-new-${process.pid}-${Date.now()}`);
  const old = join(memberDir, OLD);
  try {
    // The only good copy may be the one moved aside by a save that was killed: put it back before anything else.
    await restoreCheckpoint(memberDir);
    // Half-written checkpoints of killed saves (one job trains a run at a time, so none is being written now).
    for (const name of await readdir(memberDir).catch(() => [] as string[])) if (isFresh(name)) await rm(join(memberDir, name), { recursive: true, force: true });
    await mkdir(fresh, { recursive: true });
    const values = model.getWeights();
    await writeTensors(fresh, 'weights', model.weights.map((w, i) => ({ name: w.originalName, tensor: values[i]! })));
    const moments = await optimizer.getWeights();
    try {
      await writeTensors(fresh, 'optimizer', moments);
    } finally {
      // The step count comes as a new scalar each time (the moments are the optimizer's own variables): one leaked per save.
      moments.find((w) => w.name === 'iter')?.tensor.dispose();
    }
    await writeDurable(join(fresh, 'state.json'), JSON.stringify(state));
    await rm(old, { recursive: true, force: true });
    await rename(target, old).catch(() => undefined); // none yet after the first epoch
    await rename(fresh, target);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    // The previous checkpoint was moved aside only just before the swap: put it back if the swap failed.
    await restoreCheckpoint(memberDir).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new UserError(`the disk is full: the checkpoint of epoch ${state.epoch} could not be saved; the previous checkpoint is kept`, memberDir);
    throw error;
  }
}

/** The saved state, or null when the member has no checkpoint yet; a damaged checkpoint is a UserError naming its file. */
export async function loadCheckpoint(memberDir: string, model: LayersModel, optimizer: tf.Optimizer): Promise<CheckpointState | null> {
  const dir = await restoreCheckpoint(memberDir);
  if (!dir) return null;
  const state = await readJson(join(dir, 'state.json'), stateSchema);
  const weights = await readTensors(dir, 'weights');
  const names = model.weights.map((w) => w.originalName);
  if (weights.length !== names.length || weights.some((w, i) => w.name !== names[i] || w.tensor.shape.join() !== (model.weights[i]!.shape as number[]).join())) {
    weights.forEach((w) => w.tensor.dispose());
    throw new UserError('the checkpoint does not fit this model (was the run changed?); start a new run', dir);
  }
  model.setWeights(weights.map((w) => w.tensor));
  await optimizer.setWeights(await readTensors(dir, 'optimizer'));
  weights.forEach((w) => w.tensor.dispose());
  return state;
}
