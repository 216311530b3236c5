import { useApp } from '../../app/app-state';
import { isJobPending } from '../../../shared/contract';
import { JobProgress } from '../jobs/JobProgress';
import { useMapping } from '../mapping/mapping-store';
import { openDemoScene } from '../scene/demo-scene';

/** "Try the demo": the synthetic city's scene, made the first time (a few seconds) and opened, ready to map; once open, what it is. */
export function DemoCard() {
  const busy = useMapping((s) => s.busy);
  const jobId = useMapping((s) => s.demoJobId);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const making = job !== null && isJobPending(job);
  const demoOpen = useApp((s) => s.scene?.synthetic ?? false);
  if (demoOpen) {
    return (
      <section className="guide-demo" aria-label="The demo" data-testid="guide-demo-open">
        <p>
          <strong>The demo scene is open.</strong> It is a synthetic city, not real data: follow the steps below to map it as you would map your own.
        </p>
      </section>
    );
  }
  return (
    <section className="guide-demo" aria-label="Try the demo">
      <p>
        <strong>New here?</strong> Try it on a synthetic city: its Sentinel-2-like scene is made in a few seconds, then you map it like a real one.
      </p>
      <button type="button" className="primary-button" data-testid="guide-demo" disabled={busy || making} onClick={() => void openDemoScene()}>
        Try the demo
      </button>
      {job && making && <JobProgress job={job} testId="guide-demo-progress" />}
      {job?.state === 'failed' && (
        <p className="job-reason" data-testid="guide-demo-failed">
          The demo scene could not be made: {job.reason}
        </p>
      )}
    </section>
  );
}
