import type { ClassScoreRow } from './scores-data';

const share = (v: number | null) => (v === null ? '—' : v.toFixed(2));

/** Precision, recall and F1 of each class present, the F1 also as a bar in the class's LCZ colour. */
export function PerClassTable({ rows }: { rows: readonly ClassScoreRow[] }) {
  return (
    <table className="class-table" data-testid="class-table">
      <thead>
        <tr>
          <th scope="col">LCZ</th>
          <th scope="col" className="num" title="Patches of this class in the evaluation data">
            Support
          </th>
          <th scope="col" className="num" title="Of the patches predicted as this class, the share that are">
            Precision
          </th>
          <th scope="col" className="num" title="Of the patches of this class, the share predicted as it">
            Recall
          </th>
          <th scope="col" className="f1-col">
            F1
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.value} data-testid={`class-row-${r.value}`}>
            <th scope="row" title={`LCZ ${r.code} ${r.name}`}>
              <span className="class-name">
                <span className="swatch" style={{ background: r.color }} />
                <span className="class-code">{r.code}</span>
                <span className="class-label">{r.name}</span>
              </span>
            </th>
            <td className="num">{r.support.toLocaleString('en-US')}</td>
            <td className="num">{share(r.precision)}</td>
            <td className="num">{share(r.recall)}</td>
            <td className="f1-col">
              <span className="f1-cell">
                <span className="f1-bar-track">
                  {r.f1 !== null && <span className="f1-bar" style={{ width: `${r.f1 * 100}%`, background: r.color }} />}
                </span>
                <span className="f1-value">{share(r.f1)}</span>
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
