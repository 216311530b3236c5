import { describe, expect, it } from 'vitest';
import { compareModelsParamsSchema } from '../../../shared/contract/model-comparison';
import { pruneParamsSchema, quantizeParamsSchema } from '../../../shared/contract/compression';
import { compareParamsOf, comparisonDir, DEFAULT_PRUNE, DEFAULT_QUANTIZE, folderStamp, productsOf, pruneParamsOf, pruneRunOf, quantizeParamsOf, siblingBundleDir } from './compress-params';

const student = '/ws/runs/r1/bundles/1';
const stamp = folderStamp(new Date('2026-12-07T14:03:22.123Z'));

describe('where the products go', () => {
  it('puts the int8 and pruned bundles beside the student, and the report in the run', () => {
    expect(stamp).toBe('2026-12-07T14-03-22');
    expect(siblingBundleDir(student, 'int8', stamp)).toBe('/ws/runs/r1/bundles/1-int8-2026-12-07T14-03-22');
    expect(siblingBundleDir(`${student}/`, 'pruned', stamp)).toBe('/ws/runs/r1/bundles/1-pruned-2026-12-07T14-03-22');
    expect(siblingBundleDir('C:\\ws\\runs\\r1\\bundles\\1', 'int8', stamp)).toBe('C:\\ws\\runs\\r1\\bundles\\1-int8-2026-12-07T14-03-22');
    expect(comparisonDir('/ws/runs/r1', stamp)).toBe('/ws/runs/r1/comparisons/2026-12-07T14-03-22');
  });
});

describe('quantize and prune with one button', () => {
  it('quantizes with the core defaults (MinMax, 256 patches) into a new folder', () => {
    const { params, problems } = quantizeParamsOf(student, '/data/train.h5', DEFAULT_QUANTIZE, stamp);
    expect(problems).toEqual([]);
    expect(params).toEqual({ bundle: student, calibration: '/data/train.h5', out: `${student}-int8-${stamp}`, method: 'minmax', samples: 256 });
    expect(quantizeParamsSchema.safeParse(params).success).toBe(true);
    expect(quantizeParamsOf(student, '/d.h5', { method: 'entropy', samples: '0' }, stamp)).toEqual({ params: null, problems: ['Calibration patches: a whole number from 1 to 100,000 (256 is usual).'] });
  });

  it('prunes half the filters of each layer by default; the share is typed in percent', () => {
    const { params } = pruneParamsOf(student, '/data/train.h5', null, DEFAULT_PRUNE, stamp);
    expect(params).toEqual({ bundle: student, train: '/data/train.h5', test: null, out: `${student}-pruned-${stamp}`, ratio: 0.5, scope: 'layer' });
    expect(pruneParamsSchema.safeParse(params).success).toBe(true);
    expect(pruneParamsOf(student, '/t.h5', '/test.h5', { percent: '30', scope: 'global', finetuneEpochs: '1', withTeacher: false }, stamp).params).toMatchObject({ ratio: 0.3, scope: 'global', finetuneEpochs: 1, test: '/test.h5' });
  });

  it('refuses a share of 0 or 100 % and a bad epoch count, saying why', () => {
    for (const percent of ['0', '100', '', 'half']) {
      expect(pruneParamsOf(student, '/t.h5', null, { ...DEFAULT_PRUNE, percent }, stamp).problems).toEqual([`Filters removed: a share above 0 % and below 100 % (${percent || 'empty'} was given).`]);
    }
    expect(pruneParamsOf(student, '/t.h5', null, { ...DEFAULT_PRUNE, finetuneEpochs: '-1' }, stamp).problems).toEqual(['Fine-tuning epochs: a whole number from 0 to 100, or empty for the default.']);
  });

  it("fine-tunes with the distillation's teacher and settings when asked, on the run's split of the training file", () => {
    const status = {
      params: { validationShare: 0.2, maxPatches: 600, distillation: { teacher: ['/t/1', '/t/2'], temperature: 4, alpha: 0.5, fusion: 'probabilities' as const, preset: null } },
      distillation: null,
    } as unknown as Parameters<typeof pruneRunOf>[0];
    const run = pruneRunOf(status);
    expect(run).toEqual({ teacher: { sources: ['/t/1', '/t/2'], temperature: 4, alpha: 0.5, fusion: 'probabilities' }, validationShare: 0.2, maxPatches: 600 });
    const taught = pruneParamsOf(student, '/t.h5', null, { ...DEFAULT_PRUNE, withTeacher: true }, stamp, run).params;
    expect(taught).toMatchObject({ teacher: run.teacher, validationShare: 0.2, maxPatches: 600 });
    expect(pruneParamsSchema.parse(taught).teacher).toEqual(run.teacher);
    // Unticked: the labels only, on the same split.
    const labels = pruneParamsOf(student, '/t.h5', null, DEFAULT_PRUNE, stamp, run).params!;
    expect(labels.teacher).toBeUndefined();
    expect(labels).toMatchObject({ validationShare: 0.2, maxPatches: 600 });
    expect(pruneParamsOf(student, '/t.h5', null, { ...DEFAULT_PRUNE, withTeacher: true, finetuneEpochs: '0' }, stamp, run).problems).toEqual(['Fine-tuning with the teacher: the teacher teaches while the pruned model fine-tunes; give 1 epoch or more.']);
    expect(pruneParamsOf(student, '/t.h5', null, { ...DEFAULT_PRUNE, withTeacher: true }, stamp, { ...run, teacher: null }).problems).toEqual(['Fine-tuning with the teacher: this run records no teacher.']);
  });
});

describe('compareParamsOf', () => {
  it('compares the teacher first, then the student, its int8 and pruned versions', () => {
    const params = compareParamsOf({ dir: '/ws/runs/r1', teacher: ['/t/1', '/t/2'], student }, { int8: '/i', pruned: '/p' }, '/data/test.h5', stamp);
    expect(params).toEqual({ bundles: ['/t/1', '/t/2', student, '/i', '/p'], test: '/data/test.h5', outDir: `/ws/runs/r1/comparisons/${stamp}` });
    expect(compareModelsParamsSchema.safeParse(params).success).toBe(true);
    expect(compareParamsOf({ dir: '/r', teacher: ['/t/1'], student }, { int8: null, pruned: null }, '/d.h5', stamp).bundles).toEqual(['/t/1', student]);
  });

  it('keeps the first teacher members of a big ensemble within the 12 bundles a comparison takes', () => {
    const teacher = Array.from({ length: 30 }, (_, i) => `/t/${i + 1}`);
    const { bundles } = compareParamsOf({ dir: '/r', teacher, student }, { int8: '/i', pruned: '/p' }, '/d.h5', stamp);
    expect(bundles).toEqual([...teacher.slice(0, 9), student, '/i', '/p']);
  });
});

describe('productsOf', () => {
  it('finds the newest int8 and pruned bundles in the run’s bundles folder, not elsewhere', () => {
    const lineage = (kind: 'model' | 'student' | 'int8' | 'pruned') => ({ kind, parent: null, detail: null });
    const bundles = [
      { dir: '/ws/runs/r1/bundles/1', lineage: lineage('student') },
      { dir: '/ws/runs/r1/bundles/1-int8-2026-12-07T14-03-22', lineage: lineage('int8') },
      { dir: '/ws/runs/r1/bundles/1-int8-2026-12-07T15-00-00', lineage: lineage('int8') },
      { dir: '/ws/runs/r10/bundles/1-pruned-2026-12-07T16-00-00', lineage: lineage('pruned') },
      { dir: '/ws/bundles/other-int8', lineage: lineage('int8') },
    ];
    expect(productsOf(bundles, '/ws/runs/r1')).toEqual({ int8: '/ws/runs/r1/bundles/1-int8-2026-12-07T15-00-00', pruned: null });
    expect(productsOf(bundles, '/ws/runs/r10/')).toEqual({ int8: null, pruned: '/ws/runs/r10/bundles/1-pruned-2026-12-07T16-00-00' });
  });
});
