/**
 * A member's checkpoint: its weights, its optimizer's state (Adam's moments and step count) and where training
 * stands, saved after every epoch so that a cancel or a crash loses at most the epoch under way. Saved complete or
 * not at all: written into a fresh folder, which then replaces the previous checkpoint by renames; a failure (a full
 * disk) leaves the previous checkpoint as it was.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { EpochRecord } from '../../shared/contract/training';
import { UserError } from '../../shared/errors';

interface TensorEntry {
  name: string;
  shape: number[];
  /** Offset in float32 values into the .bin file. */
  offset: number;
}

export interface CheckpointState {
  epoch: number;
  history: EpochRecord[];
}

const CHECKPOINT = 'checkpoint';

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
  await writeFile(join(dir, `${stem}.bin`), new Uint8Array(bin.buffer));
  await writeFile(join(dir, `${stem}.json`), JSON.stringify(entries));
}

async function readTensors(dir: string, stem: string): Promise<{ name: string; tensor: tf.Tensor }[]> {
  const entries = JSON.parse(await readFile(join(dir, `${stem}.json`), 'utf8')) as TensorEntry[];
  const bytes = await readFile(join(dir, `${stem}.bin`));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return entries.map((e) => {
    const size = e.shape.reduce((a, b) => a * b, 1);
    return { name: e.name, tensor: tf.tensor(all.subarray(e.offset, e.offset + size), e.shape) };
  });
}

export async function saveCheckpoint(memberDir: string, model: LayersModel, optimizer: tf.Optimizer, state: CheckpointState): Promise<void> {
  const target = join(memberDir, CHECKPOINT);
  const fresh = join(memberDir, `.${CHECKPOINT}-${process.pid}-${Date.now()}`);
  const old = join(memberDir, `.${CHECKPOINT}-old-${process.pid}`);
  try {
    await mkdir(fresh, { recursive: true });
    const values = model.getWeights();
    await writeTensors(fresh, 'weights', model.weights.map((w, i) => ({ name: w.originalName, tensor: values[i]! })));
    await writeTensors(fresh, 'optimizer', await optimizer.getWeights());
    await writeFile(join(fresh, 'state.json'), JSON.stringify(state));
    await rm(old, { recursive: true, force: true });
    await rename(target, old).catch(() => undefined); // none yet after the first epoch
    await rename(fresh, target);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(fresh, { recursive: true, force: true });
    // The previous checkpoint was moved aside only just before the swap: put it back if the swap failed.
    await rename(old, target).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new UserError(`the disk is full: the checkpoint of epoch ${state.epoch} could not be saved; the previous checkpoint is kept`, memberDir);
    throw error;
  }
}

/** The saved state, or null when the member has no checkpoint yet. */
export async function loadCheckpoint(memberDir: string, model: LayersModel, optimizer: tf.Optimizer): Promise<CheckpointState | null> {
  const dir = join(memberDir, CHECKPOINT);
  let state: CheckpointState;
  try {
    state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as CheckpointState;
  } catch {
    return null;
  }
  const weights = await readTensors(dir, 'weights');
  const names = model.weights.map((w) => w.originalName);
  if (weights.length !== names.length || weights.some((w, i) => w.name !== names[i] || w.tensor.shape.join() !== (model.weights[i]!.shape as number[]).join())) {
    throw new UserError('the checkpoint does not fit this model (was the run changed?); start a new run', dir);
  }
  model.setWeights(weights.map((w) => w.tensor));
  await optimizer.setWeights(await readTensors(dir, 'optimizer'));
  weights.forEach((w) => w.tensor.dispose());
  return state;
}
