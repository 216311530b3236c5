import { useApp } from '../../app/app-state';
import { isJobPending } from '../../../shared/contract';
import { showMapTab } from '../../app/views/view-actions';
import { JobProgress } from '../jobs/JobProgress';
import { startMapping } from '../mapping/mapping-actions';
import { useMapping } from '../mapping/mapping-store';
import { useMapReadiness } from '../mapping/use-map-readiness';
import { GuideStep } from './GuideStep';
import type { GuideStepState } from './guide-steps';

/** Step 3: map the scene, the progress shown here and in the Mapping tab. */
export function MapStep({ state }: { state: GuideStepState }) {
  const { blockers, checking } = useMapReadiness();
  const busy = useMapping((s) => s.busy);
  const jobId = useMapping((s) => s.jobId);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const pending = job !== null && isJobPending(job);
  const map = () => {
    showMapTab('mapping');
    void startMapping();
  };
  const actions = (
    <button type="button" className={state === 'next' ? 'primary-button' : 'secondary-button'} data-testid="guide-map"
      disabled={blockers.length > 0 || checking || pending || busy} onClick={map}>
      {state === 'done' ? 'Map again' : 'Map'}
    </button>
  );
  return (
    <GuideStep step="map" number={3} state={state} title="Map" actions={actions}>
      {state === 'done' ? (
        <p>The LCZ map is on the map, with its legend, class areas and confidence; it is saved under Results.</p>
      ) : (
        <p>Every 100 m cell gets one of the 17 Local Climate Zones; about a minute for a city.</p>
      )}
      {pending && job && <JobProgress job={job} />}
      {!pending && state !== 'done' && blockers[0] && <p className="guide-blocker">{blockers[0]}</p>}
    </GuideStep>
  );
}
