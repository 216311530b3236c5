import { useApp } from '../../app/app-state';
import { isJobPending, type DeployStep } from '../../../shared/contract';
import { JobProgress } from '../jobs/JobProgress';
import { cancelDeploy } from './deploy-actions';
import { STEP_LABELS, stepsToShow } from './deploy-format';
import { useDeploy } from './deploy-store';
import { LogText } from './LogText';
import { SimulatedBadge } from './SimulatedNote';

const MARK: Record<DeployStep['status'], string> = { pending: '○', running: '◐', succeeded: '✓', failed: '✕', skipped: '–', cancelled: '■' };

function seconds(step: DeployStep): string {
  if (!step.startedAt || !step.endedAt) return '';
  return `${((Date.parse(step.endedAt) - Date.parse(step.startedAt)) / 1000).toFixed(1)} s`;
}

/** The deploy's steps as a stepper, the job's progress with Cancel, its outcome, and the tools' log. */
export function DeployStepper() {
  const jobId = useDeploy((s) => s.jobId);
  const log = useDeploy((s) => s.log);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  if (!jobId) return null;
  const steps = stepsToShow(log?.steps, log?.simulated ?? false);
  const pending = job !== null && isJobPending(job);
  return (
    <section className="deploy-section" data-testid="deploy-stepper" data-job-id={jobId} data-state={job?.state ?? 'starting'}>
      <header className="deploy-section-header">
        <h3>Deploying</h3>
        {log?.simulated && <SimulatedBadge testId="stepper-simulated" />}
      </header>
      <ol className="stepper">
        {steps.map((step) => (
          <li key={step.id} className={`step is-${step.status}`} data-testid="deploy-step" data-step={step.id} data-status={step.status}>
            <span className="step-mark" aria-hidden="true">
              {MARK[step.status]}
            </span>
            <div className="step-body">
              <p className="step-title">
                {STEP_LABELS[step.id]} <span className="faint">{step.status === 'running' ? 'running…' : seconds(step)}</span>
              </p>
              {step.message && <p className="step-message">{step.message}</p>}
            </div>
          </li>
        ))}
      </ol>
      {job && pending && (
        <div className="run-progress" data-testid="deploy-progress">
          <JobProgress job={job} />
          <button type="button" className="secondary-button" data-testid="deploy-cancel" onClick={() => cancelDeploy(job.id)}>
            Cancel
          </button>
        </div>
      )}
      {job?.state === 'failed' && (
        <p className="run-outcome is-failed" data-testid="deploy-outcome" data-state="failed">
          The deployment failed; nothing was written. {job.reason}
        </p>
      )}
      {job?.state === 'cancelled' && (
        <p className="run-outcome" data-testid="deploy-outcome" data-state="cancelled">
          Cancelled: no deployment folder was written.
        </p>
      )}
      {log && log.log.trim() && (
        <details className="deploy-log" data-testid="deploy-log">
          <summary>Log of the compiler and the card's tools</summary>
          <LogText text={log.log} />
        </details>
      )}
    </section>
  );
}
