import { useEffect, useState } from 'react';
import { appStore, useApp } from '../../app/app-state';
import { isJobPending, isResumable, type Evaluation, type RunStatus } from '../../../shared/contract';
import { formatDate } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { cancelTraining, closeRunReport, resumeRun } from '../training/run-actions';
import { runDirOf } from '../jobs/job-target';
import { useRuns, type RunDetails } from '../training/runs-store';
import { RunStateBadge } from '../training/RunStateBadge';
import { useTraining } from '../training/training-store';
import { ModelDetails } from './ModelDetails';
import { RunFacts } from './RunFacts';
import { notEvaluatedText } from './run-state-text';
import { ScoresTable } from './ScoresTable';
import { modelEntries } from './scores-data';
import './run-report.css';

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

function Body({ dir, details }: { dir: string; details: RunDetails }) {
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
      {/* Its curves are beside the report (CurvesPane). */}
      {evaluation ? <Scores key={dir} evaluation={evaluation} /> : <NotEvaluated status={status} />}
      <RunFacts status={status} evaluation={evaluation} dir={dir} synthetic={synthetic} />
    </>
  );
}

interface RunReportProps {
  dir: string;
  /** Opened by the user (it closes); else the run training now, shown until it ends. */
  opened: boolean;
}

/** A training run's results page, beside its curves: scores of each member and of the ensemble, calibration, facts. */
export function RunReport({ dir, opened }: RunReportProps) {
  const details = useRuns((s) => s.details[dir]);
  const error = useRuns((s) => (s.reportDir === dir ? s.reportError : null));
  const liveDir = useRuns((s) => s.live?.dir ?? null);
  const liveJobId = useRuns((s) => s.live?.jobId ?? null);
  const liveJob = useApp((s) => s.jobs.find((j) => j.id === liveJobId) ?? null);
  // Queued or running: a training waiting in the queue holds its run as much as one under way.
  const anyTraining = useApp((s) => s.jobs.some((j) => runDirOf(j) !== null && isJobPending(j)));
  const busy = useTraining((s) => s.busy);

  useEffect(() => {
    if (!opened) return;
    const onKey = (event: KeyboardEvent) => {
      // Only where it is seen: Esc in the Map view is the map's.
      if (event.key === 'Escape' && appStore.get().view === 'training' && !document.querySelector('.modal-backdrop')) closeRunReport();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [opened]);

  const status = details?.status;
  const live = liveDir === dir && liveJob !== null && isJobPending(liveJob);
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
          {opened && (
            <button type="button" className="icon-button report-close" aria-label="Close the run" title="Close (Esc)" data-testid="run-report-close"
              onClick={closeRunReport}>
              <CloseIcon />
            </button>
          )}
        </div>
      </header>
      <div className="report-body">
        {error && (
          <p className="job-reason" data-testid="report-error">
            {error}
          </p>
        )}
        {!details && !error && <p className="hint">Reading the run…</p>}
        {details && <Body dir={dir} details={details} />}
      </div>
    </section>
  );
}

function SynthBadge({ train }: { train: string }) {
  const demoPath = useTraining((s) => s.demo?.path ?? null);
  return train === demoPath ? <SyntheticBadge testId="report-synthetic" what="training data" /> : null;
}
