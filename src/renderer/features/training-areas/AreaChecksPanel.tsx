import { Panel } from '../../ui/Panel';
import { zoomToProblem } from './areas-actions';
import { useAreas } from './areas-store';

/** The core's checks before training, errors first; each with "Zoom to" where it is on the map. */
export function AreaChecksPanel() {
  const areas = useAreas((s) => s.areas.length);
  const check = useAreas((s) => s.check);
  const checkError = useAreas((s) => s.checkError);
  const errors = check?.problems.filter((p) => p.severity === 'error').length ?? 0;
  const summary = check ? (check.problems.length === 0 ? 'all good' : `${errors} errors, ${check.problems.length - errors} warnings`) : '';
  return (
    <Panel title="Checks" testId="area-checks" summary={summary}>
      {areas === 0 ? (
        <p className="hint">Draw areas on the map or import a file: at least 2 classes, 3 areas each (5 or more is better).</p>
      ) : checkError ? (
        <p className="run-outcome is-failed" data-testid="area-check-failed">The areas could not be checked: {checkError}</p>
      ) : !check ? (
        <p className="hint" data-testid="area-checking">Checking the areas over the scene…</p>
      ) : check.problems.length === 0 ? (
        <p className="run-outcome is-done" data-testid="area-checks-ok">No problems found: the areas are ready to train on.</p>
      ) : (
        <ul className="plain-list area-problems" data-testid="area-problems" data-can-train={check.canTrain}>
          {check.problems.map((problem, i) => (
            <li key={`${problem.code}-${i}`} className={`area-problem is-${problem.severity}`} data-testid="area-problem" data-code={problem.code}
              data-severity={problem.severity}>
              <span className="area-problem-text">
                <strong>{problem.severity === 'error' ? 'Error' : 'Warning'}:</strong> {problem.message}
              </span>
              <button type="button" className="link-button" data-testid="area-problem-zoom" onClick={() => zoomToProblem(i)}>Zoom to</button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
