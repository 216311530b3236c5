/**
 * The teacher's fused outputs over some patches of a So2Sat file, as whoever trains with them needs them (a
 * distillation run, a pruned model fine-tuning with the teacher): from the cache in `dir` when it holds them, else
 * copied from another folder's cache of the same key (a sibling run, the run a pruned student came from), else from
 * one streaming teacher pass written into `dir`'s cache. The key is made of everything the outputs depend on
 * (teacher-cache.ts), so a cache found is a cache that fits.
 */
import type { TeacherFusion, TeacherRecord } from '../../../shared/contract/distill-settings';
import type { So2SatFile } from '../../so2sat/so2sat-file';
import type { RunContext } from '../run-context';
import type { TeacherBundle } from './teacher-bundles';
import { CacheWriter, cacheKey, copyCacheFrom, copySiblingCache, dataFileIdentity, patchesHash, readCacheMeta, type CacheKeyParts, type CacheMeta } from './teacher-cache';
import { runTeacherPass } from './teacher-targets';

export interface TeacherOutputsRequest {
  teachers: readonly TeacherBundle[];
  fusion: TeacherFusion;
  file: So2SatFile;
  /** The patches, sorted: the cache's rows. */
  patches: Uint32Array;
  /** The folder whose teacher/ cache is read or written. */
  dir: string;
  /** Where else a cache of the same key may be: these folders ('folders'), or the folders beside `dir` ('siblings'). */
  lookIn: { folders: readonly string[] } | 'siblings';
  ctx: RunContext;
}

export interface TeacherOutputs {
  key: string;
  meta: CacheMeta;
  /** computed: a teacher pass ran; cached: `dir` had them; copied: from `from`. */
  source: 'computed' | 'cached' | 'copied';
  from: string | null;
  /** The teachers' records as the pass found their outputs (probabilities detected where a manifest says logits). */
  teachers: TeacherRecord[];
}

export async function teacherOutputs(req: TeacherOutputsRequest): Promise<TeacherOutputs> {
  const { teachers, patches, dir, ctx } = req;
  const parts: CacheKeyParts = {
    version: 1,
    teachers: teachers.map((t) => ({ sha256: t.record.sha256, manifestSha256: t.record.manifestSha256 })),
    fusion: req.fusion,
    data: await dataFileIdentity(req.file.path),
    patches: { count: patches.length, sha256: patchesHash(patches) },
  };
  const key = cacheKey(parts);
  let meta: CacheMeta | null = await readCacheMeta(dir, key);
  let source: TeacherOutputs['source'] = 'cached';
  let from: string | null = null;
  if (!meta) {
    const copied = req.lookIn === 'siblings' ? await copySiblingCache(dir, key) : await copyCacheFrom(req.lookIn.folders, dir, key);
    if (copied) [meta, source, from] = [copied.meta, 'copied', copied.from];
  }
  if (meta) {
    ctx.progress({ stage: `Reusing the teacher's outputs cached ${from ? `by ${from}` : 'by this run'}`, done: patches.length, total: patches.length });
  } else {
    const writer = await CacheWriter.create(dir, key);
    try {
      meta = await writer.finish(parts, await runTeacherPass({ file: req.file, patches, teachers, fusion: req.fusion, writer, ctx }));
    } catch (error) {
      await writer.abandon();
      throw error;
    }
    source = 'computed';
  }
  const found = meta;
  const records = teachers.map((t, i) => ({ ...t.record, outputs: found.teachers[i]?.outputs ?? t.record.outputs, probabilitiesBy: found.teachers[i]?.probabilitiesBy ?? t.record.probabilitiesBy }));
  return { key, meta: found, source, from, teachers: records };
}
