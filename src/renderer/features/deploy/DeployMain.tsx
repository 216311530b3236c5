import { cardState, sentence, STEP_IDS, STEP_LABELS } from './deploy-format';
import { DeployReport } from './DeployReport';
import { DeployStepper } from './DeployStepper';
import { useDeploy } from './deploy-store';

/** Before any deploy: what will happen, or, without a card, that none was found and what to do. */
function Intro() {
  const status = useDeploy((s) => s.status);
  const noCard = status && cardState(status) === 'no-card' ? status.problems.find((p) => p.code === 'no-card') : null;
  return (
    <section className="deploy-section deploy-intro" data-testid="deploy-intro">
      {noCard ? (
        <div className="deploy-no-card" data-testid="deploy-no-card">
          <h3>No Metis card was found</h3>
          <p>{sentence(noCard.message)}.</p>
          <p>
            <strong>What to do:</strong> {noCard.remedy}.
          </p>
        </div>
      ) : (
        <h3>One click from a model to a verified model on the Axelera Metis card</h3>
      )}
      <p className="hint">Deploy to Metis goes through these steps; the deployment is kept only when every one succeeds.</p>
      <ol className="deploy-intro-steps">
        {STEP_IDS.map((id) => (
          <li key={id}>{STEP_LABELS[id]}</li>
        ))}
      </ol>
    </section>
  );
}

/** The Deploy view's main area: the steps of the deploy under way, then its report. */
export function DeployMain() {
  const jobId = useDeploy((s) => s.jobId);
  const report = useDeploy((s) => s.report);
  return (
    <div className="deploy-main" data-testid="deploy-main">
      {!jobId && !report && <Intro />}
      <DeployStepper />
      <DeployReport />
    </div>
  );
}
