import { useApp } from '../../app/app-state';
import { isJobPending } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { JobProgress } from '../jobs/JobProgress';
import { chooseDataset, chooseSyntheticData, clearDataset, parsePatches } from './dataset-actions';
import { DatasetFacts } from './DatasetFacts';
import { trainingStore, useTraining, type ChosenFile } from './training-store';
import './training.css';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function FileState({ file, testId }: { file: ChosenFile; testId: string }) {
  if (file.error) {
    return (
      <p className="job-reason" data-testid={`${testId}-error`}>
        {baseName(file.path)}: {file.error}
      </p>
    );
  }
  if (!file.info) return <p className="hint">Reading {baseName(file.path)}…</p>;
  return null;
}

function SyntheticControls() {
  const demo = useTraining((s) => s.demo);
  const patches = useTraining((s) => s.synthPatches);
  const busy = useTraining((s) => s.busy);
  const jobId = useTraining((s) => s.synthJobId);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const generating = job !== null && isJobPending(job);
  const valid = parsePatches(patches) !== null;
  return (
    <div className="synthetic-controls">
      <div className="synthetic-row">
        <button type="button" className="secondary-button" data-testid="synthetic-data-button" disabled={busy || generating || (!demo?.ready && !valid)}
          onClick={() => void chooseSyntheticData()}>
          Use synthetic So2Sat data
        </button>
        {!demo?.ready && (
          <label className="synthetic-patches">
            <input className="text-input" inputMode="numeric" value={patches} aria-invalid={!valid} data-testid="synthetic-patches" title="From 100 to 200,000 patches"
              onChange={(e) => trainingStore.set({ synthPatches: e.target.value })} />
            patches
          </label>
        )}
      </div>
      {demo?.ready ? (
        <p className="hint synthetic-again">
          It is in your workspace.
          <button type="button" className="link-button" data-testid="synthetic-again" disabled={busy || generating || !valid} onClick={() => void chooseSyntheticData(true)}>
            Make it again
          </button>
          with
          <input className="text-input" inputMode="numeric" value={patches} aria-invalid={!valid} aria-label="Patches of the new synthetic file"
            onChange={(e) => trainingStore.set({ synthPatches: e.target.value })} />
          patches
        </p>
      ) : (
        <p className="hint">Made once (a few thousand patches take under a minute) and kept in your workspace.</p>
      )}
      {job && generating && <JobProgress job={job} testId="synthetic-progress" />}
      {job?.state === 'failed' && (
        <p className="job-reason" data-testid="synthetic-failed">
          The synthetic data could not be made: {job.reason}
        </p>
      )}
    </div>
  );
}

function TestFile() {
  const test = useTraining((s) => s.test);
  return (
    <div className="test-file" data-testid="test-file">
      <span className="field-label">Evaluate on</span>
      <span className="test-file-name" title={test?.path}>
        {test ? baseName(test.path) : 'half of the validation split (the other half fits the temperature)'}
        {test?.info && ` · ${test.info.patches.toLocaleString('en-US')} patches`}
      </span>
      <span className="test-file-actions">
        <button type="button" className="link-button" onClick={() => void chooseDataset('test')}>
          {test ? 'Change…' : 'Choose a test file…'}
        </button>
        {test && (
          <button type="button" className="link-button" onClick={() => clearDataset('test')}>
            Clear
          </button>
        )}
      </span>
      {test && <FileState file={test} testId="test-file" />}
    </div>
  );
}

/** The So2Sat LCZ42-format data to train on: choose a file or make synthetic data; what it holds; the test file. */
export function DatasetPanel() {
  const train = useTraining((s) => s.train);
  const summary = train ? `${baseName(train.path)}${train.info ? `, ${train.info.patches.toLocaleString('en-US')} patches` : ''}` : 'none chosen';
  return (
    <Panel title="Training data" testId="dataset-panel" summary={summary}>
      {train?.info ? (
        <DatasetFacts info={train.info} />
      ) : (
        <p className="hint dataset-empty">
          Choose a So2Sat LCZ42 file (<code>training.h5</code>: <code>sen2</code> and one-hot <code>label</code>, <code>sen1</code> for SAR members), or make a
          synthetic one to try the app.
        </p>
      )}
      {train && <FileState file={train} testId="dataset" />}
      <div className="dataset-actions">
        <button type="button" className={train?.info ? 'secondary-button' : 'primary-button'} data-testid="dataset-choose" onClick={() => void chooseDataset('train')}>
          {train ? 'Choose another file…' : 'Choose a file…'}
        </button>
      </div>
      <SyntheticControls />
      <TestFile />
    </Panel>
  );
}
