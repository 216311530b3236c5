import type { Evaluation, RunStatus } from '../../../shared/contract';
import { formatDate } from '../../ui/format';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { backendLabel, userBackendLabel } from '../training/backend-label';
import { archInfo, formatParams, INPUT_LABEL } from '../training/ensemble-members';
import { RunStateBadge } from '../training/RunStateBadge';
import { memberStateShown, nonFiniteLine } from './run-state-text';

/** "bundles/1" for a bundle inside the run folder (named in full below the table), else the whole path. */
function inRun(path: string, dir: string): string {
  return path.startsWith(dir) ? path.slice(dir.length).replace(/^[\\/]/, '') : path;
}

function Members({ status, dir }: { status: RunStatus; dir: string }) {
  return (
    <div className="table-scroll">
      <table className="members-table" data-testid="members-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Architecture</th>
            <th scope="col">Inputs</th>
            <th scope="col" className="num">
              Seed
            </th>
            <th scope="col" className="num">
              Width
            </th>
            <th scope="col" className="num">
              Parameters
            </th>
            <th scope="col" className="num">
              Epochs
            </th>
            <th scope="col">State</th>
            <th scope="col">Mapping bundle</th>
          </tr>
        </thead>
        <tbody>
          {status.members.map((m, k) => (
            <tr key={k} data-testid="member-status" data-state={memberStateShown(status.state, m.state)} data-epochs={m.epochsDone}>
              <td className="num">{k + 1}</td>
              <td title={archInfo(m.spec.arch)?.description}>{archInfo(m.spec.arch)?.name ?? m.spec.arch}</td>
              <td title={m.channels.join(', ')}>
                {INPUT_LABEL[m.spec.inputs]}
                <span className="member-channels">{m.channels.map((c) => c.replace(/^S2\./, '')).join(' ')}</span>
              </td>
              <td className="num">{m.spec.seed}</td>
              <td className="num">{m.spec.width}</td>
              <td className="num">{m.parameters > 0 ? formatParams(m.parameters) : '—'}</td>
              <td className="num">
                {m.epochsDone} / {status.params.epochs}
              </td>
              <td>
                <RunStateBadge state={memberStateShown(status.state, m.state)} />
                {m.reason && <span className="member-reason">{m.reason}</span>}
              </td>
              <td className="map-path" data-testid="member-bundle" title={m.bundle ?? undefined}>
                {m.bundle ? inRun(m.bundle, dir) : m.spec.inputs === 'sen1-sen2' ? 'none: reads SAR' : 'written when training ends'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How the run was made: data, settings, the backend that computed it, its members and where its files are. */
export function RunFacts({ status, evaluation, dir, synthetic }: { status: RunStatus; evaluation: Evaluation | null; dir: string; synthetic: boolean }) {
  const p = status.params;
  const nonFinite = nonFiniteLine(status);
  return (
    <section className="report-section" data-testid="run-facts">
      <h3>Run</h3>
      <Members status={status} dir={dir} />
      <p className="hint">The bundles are model folders (model.onnx + manifest.json) in the run folder: the Mapping tab lists them among its models.</p>
      <dl className="facts report-facts">
        <dt>Training data</dt>
        <dd className="map-path" title={p.train}>
          {p.train} {synthetic && <SyntheticBadge what="training data" />}
        </dd>
        <dt>Evaluated on</dt>
        <dd>{evaluation?.data ?? (p.test ? p.test : 'half of the validation split (once training ends)')}</dd>
        <dt>Patches</dt>
        <dd>
          {p.maxPatches ? `at most ${p.maxPatches.toLocaleString('en-US')}` : 'all'}, {Math.round(p.validationShare * 100)} % held out for validation
        </dd>
        <dt>Optimisation</dt>
        <dd>
          {p.epochs} epochs, batch {p.batchSize}, AdamW (learning rate {p.learningRate}, {p.schedule}, weight decay {p.weightDecay})
          {p.augment ? ', rot90/flip augmentation' : ', no augmentation'}
        </dd>
        {nonFinite && (
          <>
            <dt>NaN / infinite values</dt>
            <dd data-testid="run-non-finite">{nonFinite}</dd>
          </>
        )}
        <dt>Band statistics</dt>
        <dd>{p.normalisation === 'published' ? 'So2Sat published' : 'computed from the training file'}</dd>
        <dt>Fusion</dt>
        <dd>{p.fusion === 'sum-rule' ? 'sum rule (mean of probabilities)' : 'mean of logits'}</dd>
        <dt>Computed on</dt>
        <dd data-testid="run-backend">
          {status.backend ? (
            <>
              {userBackendLabel(status.backend)}
              {/* Versions and the engine's choices: for whoever debugs a run, not for reading the report. */}
              <details className="backend-details">
                <summary>details</summary>
                <strong>{backendLabel(status.backend)}</strong> <span className="faint">({status.backend.version})</span>
                {status.backend.notes.length > 0 && (
                  <ul className="backend-notes" data-testid="run-backend-notes">
                    {status.backend.notes.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                )}
              </details>
            </>
          ) : (
            'not started yet'
          )}
        </dd>
        <dt>Made</dt>
        <dd>
          {formatDate(status.createdAt)}, last written {formatDate(status.updatedAt)}
        </dd>
        <dt>Folder</dt>
        <dd className="map-path" data-testid="run-dir" title={dir}>
          {dir}
        </dd>
      </dl>
    </section>
  );
}
