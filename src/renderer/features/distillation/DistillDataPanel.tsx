import { appStore } from '../../app/app-state';
import { Panel } from '../../ui/Panel';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { chooseSyntheticData } from '../training/dataset-actions';
import { useTraining } from '../training/training-store';

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/**
 * The data the student learns from: the file chosen in the Training view (one choice for both views, so the teacher
 * and its student see the same data), or the workspace's synthetic So2Sat file in one click.
 */
export function DistillDataPanel() {
  const train = useTraining((s) => s.train);
  const test = useTraining((s) => s.test);
  const demo = useTraining((s) => s.demo);
  const busy = useTraining((s) => s.busy);
  return (
    <Panel title="Data" testId="distill-data" summary={train ? baseName(train.path) : 'none chosen'}>
      {train ? (
        <p className="distill-file" data-testid="distill-train-file" data-path={train.path} title={train.path}>
          Train on <strong>{baseName(train.path)}</strong>
          {train.info && ` · ${train.info.patches.toLocaleString('en-US')} patches`} {train.info?.synthetic && <SyntheticBadge what="So2Sat data" />}
        </p>
      ) : (
        <p className="hint">No training data chosen yet.</p>
      )}
      <p className="hint" data-testid="distill-test-file">
        {test ? `Evaluated and compared on ${baseName(test.path)}.` : 'Evaluated on half of the validation split; compared on the training file (the report says so).'}
      </p>
      <p className="distill-data-actions">
        {demo?.ready && train?.path !== demo.path && (
          <button type="button" className="secondary-button" data-testid="distill-synthetic" disabled={busy} onClick={() => void chooseSyntheticData()}>
            Use synthetic So2Sat data
          </button>
        )}
        <button type="button" className="link-button" data-testid="distill-data-in-training" onClick={() => appStore.set({ view: 'training' })}>
          Choose the data in the Training view…
        </button>
      </p>
    </Panel>
  );
}
