import { useId } from 'react';
import { isJobPending, type JobRecord } from '../../../shared/contract';
import type { PruningScope, QuantizationMethod } from '../../../shared/bundle-manifest';
import { useApp } from '../../app/app-state';
import { JobProgress } from '../jobs/JobProgress';
import { useMapping } from '../mapping/mapping-store';
import { useRuns } from '../training/runs-store';
import { cancelStep, compareModels, pruneStudent, quantizeStudent } from './distill-actions';
import { productsOf, pruneParamsOf, pruneRunOf, quantizeParamsOf, type PruneRun } from './compress-params';
import { distillStore, useDistill, type DistillStep } from './distill-store';

function StepJob({ step, job }: { step: DistillStep; job: JobRecord | null }) {
  if (!job) return null;
  if (isJobPending(job)) {
    return (
      <div className="run-progress" data-testid={`${step}-progress`}>
        <JobProgress job={job} />
        <button type="button" className="secondary-button" onClick={() => cancelStep(step)}>
          Cancel
        </button>
      </div>
    );
  }
  if (job.state === 'failed') return <p className="job-reason" data-testid={`${step}-failed`}>{job.reason}</p>;
  return null;
}

function useStepJob(step: DistillStep): JobRecord | null {
  const id = useDistill((s) => s.jobs[step]);
  return useApp((s) => s.jobs.find((j) => j.id === id) ?? null);
}

/** A bundle made from the student, with its provenance line (the same as the Mapping tab shows). */
function Product({ dir, testId }: { dir: string | null; testId: string }) {
  const bundle = useMapping((s) => s.bundles?.find((b) => b.dir === dir) ?? null);
  if (!dir) return null;
  return (
    <p className="distill-product" data-testid={testId} data-dir={dir} title={dir}>
      Made: {bundle?.lineage.detail ?? bundle?.name ?? dir.split(/[\\/]/).pop()}. It is among the models of the Mapping tab.
    </p>
  );
}

/** int8 quantization, pruning (one button each, with their settings) and the comparison, on the finished student. */
export function CompressPanel({ runDir, student, train, pruneRun }: { runDir: string; student: string; train: string; pruneRun: PruneRun }) {
  const quantize = useDistill((s) => s.quantize);
  const prune = useDistill((s) => s.prune);
  const busy = useDistill((s) => s.busy);
  const bundles = useMapping((s) => s.bundles);
  const products = productsOf(bundles ?? [], runDir);
  const q = useStepJob('quantize');
  const p = useStepJob('prune');
  const c = useStepJob('compare');
  const ids = { method: useId(), samples: useId(), percent: useId(), scope: useId(), epochs: useId(), teacher: useId() };
  const qProblems = quantizeParamsOf(student, train, quantize, 'x').problems;
  const pProblems = pruneParamsOf(student, train, null, prune, 'x', pruneRun).problems;
  const running = (job: JobRecord | null) => job !== null && isJobPending(job);
  const anyRunning = running(q) || running(p);
  return (
    <div className="compress-steps" data-testid="compress-steps">
      <div className="compress-step" data-testid="quantize-step">
        <h3>Quantize (int8)</h3>
        <p className="hint">Int8 weights per channel, uint8 activations (QDQ): what ONNX Runtime fuses into integer kernels. Calibrated on patches of the training file.</p>
        <div className="compress-fields">
          <label htmlFor={ids.method}>Calibration</label>
          <select id={ids.method} className="select-input" value={quantize.method} data-testid="quantize-method"
            onChange={(e) => distillStore.set((s) => ({ quantize: { ...s.quantize, method: e.target.value as QuantizationMethod } }))}>
            <option value="minmax">MinMax</option>
            <option value="percentile">Percentile (99.99 %)</option>
            <option value="entropy">Entropy</option>
          </select>
          <label htmlFor={ids.samples}>Patches</label>
          <input id={ids.samples} className="text-input" inputMode="numeric" value={quantize.samples} data-testid="quantize-samples"
            onChange={(e) => distillStore.set((s) => ({ quantize: { ...s.quantize, samples: e.target.value } }))} />
        </div>
        {qProblems.map((m) => <p key={m} className="job-reason">{m}</p>)}
        <button type="button" className="primary-button" data-testid="quantize-start" disabled={busy || running(q) || qProblems.length > 0} onClick={() => void quantizeStudent()}>
          Quantize (int8)
        </button>
        <StepJob step="quantize" job={q} />
        <Product dir={products.int8} testId="int8-product" />
      </div>
      <div className="compress-step" data-testid="prune-step">
        <h3>Prune</h3>
        <p className="hint">Whole filters removed by L1 norm, the smaller model rebuilt and fine-tuned from the student’s checkpoint: on the labels, or with the teacher (the distillation loss, the teacher’s outputs the run cached).</p>
        <div className="compress-fields">
          <label htmlFor={ids.percent}>Filters removed</label>
          <span className="setting-input">
            <input id={ids.percent} className="text-input" inputMode="decimal" value={prune.percent} data-testid="prune-percent"
              onChange={(e) => distillStore.set((s) => ({ prune: { ...s.prune, percent: e.target.value } }))} />
            <span className="setting-unit">%</span>
          </span>
          <label htmlFor={ids.scope}>Where</label>
          <select id={ids.scope} className="select-input" value={prune.scope} data-testid="prune-scope"
            onChange={(e) => distillStore.set((s) => ({ prune: { ...s.prune, scope: e.target.value as PruningScope } }))}>
            <option value="layer">The same share of each layer</option>
            <option value="global">The weakest filters of the model</option>
          </select>
          <label htmlFor={ids.epochs}>Fine-tuning epochs</label>
          <input id={ids.epochs} className="text-input" inputMode="numeric" value={prune.finetuneEpochs} placeholder="3" data-testid="prune-epochs"
            onChange={(e) => distillStore.set((s) => ({ prune: { ...s.prune, finetuneEpochs: e.target.value } }))} />
          <label htmlFor={ids.teacher}>Fine-tune with the teacher</label>
          <span className="setting-input" title={pruneRun.teacher ? `The distillation loss with the run's teacher: T ${pruneRun.teacher.temperature}, alpha ${pruneRun.teacher.alpha}` : 'This run records no teacher'}>
            <input id={ids.teacher} type="checkbox" checked={prune.withTeacher} disabled={!pruneRun.teacher} data-testid="prune-with-teacher"
              onChange={(e) => distillStore.set((s) => ({ prune: { ...s.prune, withTeacher: e.target.checked } }))} />
            {pruneRun.teacher ? <span className="setting-unit">T {pruneRun.teacher.temperature}, alpha {pruneRun.teacher.alpha}</span> : null}
          </span>
        </div>
        {pProblems.map((m) => <p key={m} className="job-reason">{m}</p>)}
        <button type="button" className="primary-button" data-testid="prune-start" disabled={busy || running(p) || pProblems.length > 0} onClick={() => void pruneStudent()}>
          Prune
        </button>
        <StepJob step="prune" job={p} />
        <Product dir={products.pruned} testId="pruned-product" />
      </div>
      <div className="compress-step" data-testid="compare-step">
        <h3>Compare models</h3>
        <p className="hint">
          Teacher, student{products.int8 ? ', int8' : ''}{products.pruned ? ', pruned' : ''} on the same data: accuracy, calibration, agreement, size and speed measured
          in one job.
        </p>
        <button type="button" className="primary-button" data-testid="compare-start" disabled={busy || running(c) || anyRunning} onClick={() => void compareModels()}>
          Compare models
        </button>
        <StepJob step="compare" job={c} />
      </div>
    </div>
  );
}

/** The steps after distillation, once the run in focus has its student. */
export function CompressPane() {
  const dir = useDistill((s) => s.runDir);
  const status = useRuns((s) => (dir ? s.details[dir]?.status : undefined));
  const student = status?.state === 'done' ? status.members[0]?.bundle : null;
  return (
    <section className="compress-pane" aria-label="Compress and compare" data-testid="compress-pane">
      <header className="pane-header">
        <h2>Compress and compare</h2>
      </header>
      {dir && student && status ? (
        <CompressPanel runDir={dir} student={student} train={status.params.train} pruneRun={pruneRunOf(status)} />
      ) : (
        <p className="hint compress-wait">Once the student is trained, quantize it, prune it and compare it with its teacher here.</p>
      )}
    </section>
  );
}
