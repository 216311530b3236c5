import { useEffect, useState } from 'react';
import { useApp } from '../../app/app-state';
import { isResumable, type Evaluation, type RunStatus } from '../../../shared/contract';
import { formatDate } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { cancelTraining, closeRunReport, resumeRun } from '../training/run-actions';
import { isTrainingJob } from '../training/run-link';
import { useRuns, type RunDetails } from '../training/runs-store';
import { RunStateBadge } from '../training/RunStateBadge';
import { TrainingCurves } from '../training/TrainingCurves';
import { useTraining } from '../training/training-store';
import { ModelDetails } from './ModelDetails';
import { RunFacts } from './RunFacts';
import { notEvaluatedText } from './run-state-text';
import { ScoresTable } from './ScoresTable';
import { modelEntries } from './scores-data';
import './run-report.css';

const CURVE_WIDTH = 470;

function Scores({ evaluation }: { evaluation: Evaluation }) {
  const entries = modelEntries(evaluation);
  const [key, setKey] = useState(entries[0]?.key ?? '');
  const selected = entries.find((e) => e.key === key) ?? entries[0];
  if (!selected) return null;
  return (
    <>
      <section className="report-section" data-testid="scores-section">
        <h3>
          Models <span className="report-sub">evaluated on {evaluation.data}</span>
        </h3>
        <ScoresTable entries={entries} selected={selected.key} onSelect={setKey} />
        <p className="hint">Choose a row to see its classes, confusion matrix and calibration below.</p>
      </section>
      <ModelDetails entry={selected} />
    </>
  );
}

function NotEvaluated({ status }: { status: RunStatus }) {
  return (
    <p className="report-pending" data-testid="report-not-evaluated">
      {notEvaluatedText(status)}
    </p>
  );
}

function Curves({ details, live }: { details: RunDetails; live: boolean }) {
  const samples = useRuns((s) => (live && s.live ? s.live.samples : null));
  const { status } = details;
  return (
    <section className="report-section" data-testid="report-curves-section">
      <h3>Training curves</h3>
      <TrainingCurves members={status.members} samples={samples ?? []} epochs={status.params.epochs} width={CURVE_WIDTH} height={240} layout="row"
        testIdPrefix="report-curves" />
    </section>
  );
}

function Body({ dir, details, live }: { dir: string; details: RunDetails; live: boolean }) {
  const { status, evaluation } = details;
  const demoPath = useTraining((s) => s.demo?.path ?? null);
  const synthetic = demoPath !== null && (status.params.train === demoPath || status.params.test === demoPath);
  return (
    <>
      {synthetic && (
        <p className="synthetic-note report-synthetic" data-testid="report-synthetic-note">
          Trained and evaluated on synthetic So2Sat-format data made by LCZ Studio: not real data. These figures say how well the models learnt the
          generator, not how they would map a real city.
        </p>
      )}
      {!evaluation && <NotEvaluated status={status} />}
      {/* While a run trains its curves are the news; once evaluated, the scores come first. */}
      {!evaluation && <Curves details={details} live={live} />}
      {evaluation && <Scores key={dir} evaluation={evaluation} />}
      {evaluation && <Curves details={details} live={live} />}
      <RunFacts status={status} evaluation={evaluation} dir={dir} synthetic={synthetic} />
    </>
  );
}

/** A training run's results page, over the map: scores of each member and of the ensemble, calibration, curves, facts. */
export function RunReport() {
  const dir = useRuns((s) => s.reportDir);
  const details = useRuns((s) => (s.reportDir ? s.details[s.reportDir] : undefined));
  const error = useRuns((s) => s.reportError);
  const liveDir = useRuns((s) => s.live?.dir ?? null);
  const liveJobId = useRuns((s) => s.live?.jobId ?? null);
  const liveJob = useApp((s) => s.jobs.find((j) => j.id === liveJobId) ?? null);
  const anyTraining = useApp((s) => s.jobs.some((j) => isTrainingJob(j) && j.state === 'running'));
  const busy = useTraining((s) => s.busy);

  useEffect(() => {
    if (!dir) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.querySelector('.modal-backdrop')) closeRunReport();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dir]);

  if (!dir) return null;
  const status = details?.status;
  const live = liveDir === dir && liveJob?.state === 'running';
  // One training at a time: a run interrupted by a crash is resumed like a cancelled one, once nothing else trains.
  const canResume = status !== undefined && isResumable(status.state) && !anyTraining;
  return (
    <section className="run-report" data-testid="run-report" data-dir={dir} data-state={status?.state ?? 'loading'} data-evaluated={details?.evaluation ? 'true' : 'false'}
      aria-label="Training run">
      <header className="report-header">
        <div className="report-heading">
          <h2 data-testid="report-name">{status?.name ?? dir.split(/[\\/]/).pop()}</h2>
          {status && <RunStateBadge state={status.state} testId="report-state" />}
          {status && <SynthBadge train={status.params.train} />}
        </div>
        {status && (
          <p className="report-meta">
            {formatDate(status.createdAt)} · {status.members.length === 1 ? '1 model' : `ensemble of ${status.members.length}`} · {status.params.epochs} epochs
          </p>
        )}
        <div className="report-actions">
          {live && liveJob && (
            <button type="button" className="secondary-button" data-testid="report-cancel" onClick={() => cancelTraining(liveJob.id)}>
              Cancel
            </button>
          )}
          {canResume && (
            <button type="button" className="primary-button" data-testid="report-resume" disabled={busy} onClick={() => void resumeRun(dir)}>
              Resume
            </button>
          )}
          <button type="button" className="icon-button report-close" aria-label="Close the run" title="Close (Esc)" data-testid="run-report-close" onClick={closeRunReport}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="report-body">
        {error && (
          <p className="job-reason" data-testid="report-error">
            {error}
          </p>
        )}
        {!details && !error && <p className="hint">Reading the run…</p>}
        {details && <Body dir={dir} details={details} live={live} />}
      </div>
    </section>
  );
}

function SynthBadge({ train }: { train: string }) {
  const demoPath = useTraining((s) => s.demo?.path ?? null);
  return train === demoPath ? <SyntheticBadge testId="report-synthetic" what="training data" /> : null;
}
