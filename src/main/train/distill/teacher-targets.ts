/**
 * The teacher pass: every teacher bundle run with ONNX Runtime over a run's patches, streamed from the training file
 * in file order a batch at a time (never the whole file in memory: the real one is 52 GB), its members fused into
 * one row of logits per patch and appended to the cache. Each bundle is fed as the mapping engine and the bundle
 * evaluation feed it: its own bands, normalisation and layout (NCHW or NHWC); bundles that normalise alike share one
 * read of each batch.
 *
 * Fusion: the mean of the members' logits (the published So2Sat distillation), or the mean of their probabilities
 * (the sum rule), whose log then stands for the logits. A member that outputs probabilities (its manifest says so,
 * or its manifest says logits but its rows are distributions: a softmax left at the end of an imported model) is
 * told, and its log-probabilities stand for its logits: softmax(log p / T) is what its logits would give.
 */
import type { BundleManifest } from '../../../shared/bundle-manifest';
import type { TeacherFusion, TeacherRecord } from '../../../shared/contract/distill-settings';
import { bundleInput, bundleNormalisation } from '../../evaluation/evaluate-bundles';
import { softmaxRows } from '../../metrics/calibration';
import { ClassifierSession, threadsForMachine } from '../../onnx/classifier-session';
import type { Normalisation } from '../../so2sat/normalise';
import type { So2SatFile } from '../../so2sat/so2sat-file';
import type { RunContext } from '../run-context';
import { CLASSES, type CacheWriter } from './teacher-cache';
import type { TeacherBundle } from './teacher-bundles';

const BATCH = 256;

/**
 * The manifest to open a session with so that it returns the model's raw output rows: ClassifierSession passes a
 * 'probabilities' output at temperature 1 through untouched (softmax and the bundle's calibration are ours to apply).
 */
const rawOutputs = (manifest: BundleManifest): BundleManifest => ({ ...manifest, temperature: 1, output: { ...manifest.output, kind: 'probabilities' } });

/**
 * log p, floored where float32 probabilities stop being exact (the smallest normal float32): a confident teacher's
 * unlikely classes keep their own soft targets. (scores.ts floors at 1e-12, which suits temperature fitting but would
 * lift those targets here: at T = 3 a class at 1e-20 would get 1e-4 instead of 2e-7.)
 */
const FLOOR = 1.2e-38;
function logProbabilities(p: Float32Array): Float32Array {
  return Float32Array.from(p, (v) => Math.log(Math.max(v, FLOOR)));
}

/** Whether every row is a probability distribution (values in [0, 1] summing to 1). */
export function looksLikeProbabilities(rows: Float32Array): boolean {
  for (let r = 0; r < rows.length / CLASSES; r++) {
    let sum = 0;
    for (let k = 0; k < CLASSES; k++) {
      const v = rows[r * CLASSES + k]!;
      if (!(v >= -1e-6 && v <= 1 + 1e-6)) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) return false;
  }
  return rows.length > 0;
}

/** The members' logits (log-probabilities for members that output probabilities) fused into one row per patch. */
export function fuseTeacher(outputs: readonly Float32Array[], kinds: readonly TeacherRecord['outputs'][], fusion: TeacherFusion): Float32Array {
  const logits = outputs.map((o, k) => (kinds[k] === 'probabilities' ? logProbabilities(o) : o));
  const fused = new Float32Array(outputs[0]!.length);
  const share = 1 / outputs.length;
  if (fusion === 'logits') {
    for (const z of logits) for (let i = 0; i < fused.length; i++) fused[i]! += z[i]! * share;
    return fused;
  }
  for (const z of logits) {
    const p = softmaxRows(z, CLASSES);
    for (let i = 0; i < fused.length; i++) fused[i]! += p[i]! * share;
  }
  return logProbabilities(fused);
}

/** Teachers that normalise their bands alike, read from one batch. */
interface ReadGroup {
  normalisation: Normalisation;
  members: number[];
}

function readGroups(teachers: readonly TeacherBundle[]): ReadGroup[] {
  const groups = new Map<string, ReadGroup>();
  teachers.forEach((t, k) => {
    const normalisation = bundleNormalisation(t.bundle.manifest, t.bands);
    const key = JSON.stringify(normalisation);
    const group = groups.get(key) ?? { normalisation, members: [] };
    group.members.push(k);
    groups.set(key, group);
  });
  return [...groups.values()];
}

export interface TeacherPass {
  file: So2SatFile;
  /** The patches, sorted (file order: sequential reads), as the cache's rows. */
  patches: Uint32Array;
  teachers: readonly TeacherBundle[];
  fusion: TeacherFusion;
  writer: CacheWriter;
  ctx: RunContext;
}

/** Runs the pass; returns the teachers' records as it found their outputs. */
export async function runTeacherPass(pass: TeacherPass): Promise<TeacherRecord[]> {
  const { file, patches, teachers, ctx } = pass;
  const records = teachers.map((t) => ({ ...t.record }));
  for (const r of records) if (r.probabilitiesBy === 'manifest') ctx.warn(`${r.dir}: this teacher outputs probabilities, where distillation expects logits: its log-probabilities are used as its logits`);
  const groups = readGroups(teachers);
  const sessions: ClassifierSession[] = [];
  try {
    for (const t of teachers) sessions.push(await ClassifierSession.open({ modelPath: t.bundle.modelPath, manifest: rawOutputs(t.bundle.manifest) }, { threads: threadsForMachine() }));
    const stage = `Running the teacher (${teachers.length} bundle${teachers.length === 1 ? '' : 's'}) over ${patches.length.toLocaleString('en-US')} patches`;
    let done = 0;
    let first = true;
    for await (const batch of file.batches(patches, BATCH, { sen2Normalisation: groups[0]!.normalisation, labels: 'hard', signal: ctx.signal })) {
      const outputs: Float32Array[] = new Array<Float32Array>(teachers.length);
      for (const [g, group] of groups.entries()) {
        // The batch just read is in the page cache: another normalisation reads it again from memory.
        const read = g === 0 ? batch : await file.readBatch(batch.indices, { sen2Normalisation: group.normalisation, labels: 'hard' });
        for (const k of group.members) outputs[k] = await sessions[k]!.run(bundleInput(read, teachers[k]!.bundle.manifest, teachers[k]!.bands), read.n);
      }
      if (first) {
        first = false;
        records.forEach((r, k) => {
          if (r.outputs !== 'logits' || !looksLikeProbabilities(outputs[k]!)) return;
          r.outputs = 'probabilities';
          r.probabilitiesBy = 'detected';
          ctx.warn(`${r.dir}: this teacher's manifest says it outputs logits, but its outputs are probabilities (each row sums to 1: a softmax at the end of the model?); its log-probabilities are used as its logits`);
        });
      }
      await pass.writer.append(fuseTeacher(outputs, records.map((r) => r.outputs), pass.fusion));
      done += batch.n;
      ctx.progress({ stage, done, total: patches.length });
    }
  } finally {
    for (const s of sessions) await s.dispose();
  }
  return records;
}
