import type { ModelEntry } from './scores-data';
import { formatScore } from '../../../shared/measures';
import { meanF1Of, percent } from './scores-data';

/** Every model of the run side by side: accuracy, the WUDAPT measures, calibration. A row selects the model shown below. */
export function ScoresTable({ entries, selected, onSelect }: { entries: readonly ModelEntry[]; selected: string; onSelect: (key: string) => void }) {
  return (
    <div className="table-scroll">
      <table className="scores-table" data-testid="scores-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col" className="num" title="Overall accuracy">
              OA
            </th>
            <th scope="col" className="num" title="Cohen's kappa">
              Kappa
            </th>
            <th scope="col" className="num" title="OA over the urban classes 1-10">
              OA<sub>u</sub>
            </th>
            <th scope="col" className="num" title="OA of built versus natural">
              OA<sub>bu</sub>
            </th>
            <th scope="col" className="num" title="OA weighted by class similarity (WUDAPT)">
              OA<sub>w</sub>
            </th>
            <th scope="col" className="num">
              Mean F1
            </th>
            <th scope="col" className="num" title="Expected calibration error, before → after temperature scaling">
              ECE
            </th>
            <th scope="col" className="num" title="Maximum calibration error, before → after temperature scaling">
              MCE
            </th>
            <th scope="col" className="num" title="Temperature fitted on the validation split">
              T
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const s = e.scores;
            return (
              <tr key={e.key} className={e.key === selected ? 'is-selected' : undefined} data-testid="score-row" data-key={e.key} data-oa={s.oa} onClick={() => onSelect(e.key)}>
                <th scope="row">
                  <button type="button" className="score-model" aria-pressed={e.key === selected} data-testid="score-select">
                    {e.kind === 'ensemble' && <span className="badge badge-info">Ensemble</span>} {e.kind === 'ensemble' ? e.name.replace(/^Ensemble /, '') : e.name}
                  </button>
                </th>
                <td className="num">{percent(s.oa)}</td>
                <td className="num">{formatScore(s.kappa)}</td>
                <td className="num">{percent(s.oaUrban)}</td>
                <td className="num">{percent(s.oaBuiltNatural)}</td>
                <td className="num">{percent(s.oaWeighted)}</td>
                <td className="num">{formatScore(meanF1Of(s))}</td>
                <td className="num">
                  {percent(s.calibrationBefore.ece)} → {percent(s.calibrationAfter.ece)}
                </td>
                <td className="num">
                  {percent(s.calibrationBefore.mce)} → {percent(s.calibrationAfter.mce)}
                </td>
                <td className="num" title={e.kind === 'ensemble' ? 'Each member is scaled by its own temperature before the fusion' : undefined}>
                  {e.kind === 'ensemble' ? 'per member' : s.temperature.toFixed(2)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
