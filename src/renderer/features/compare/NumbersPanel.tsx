import type { ReactNode } from 'react';
import type { Comparison } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { useCompare } from './compare-store';
import { ClassTable } from './ClassTable';

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)} %`);
const num = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

function Row({ label, title, testId, children }: { label: string; title: string; testId: string; children: ReactNode }) {
  return (
    <tr title={title}>
      <th scope="row">{label}</th>
      <td className="num" data-testid={testId}>
        {children}
      </td>
    </tr>
  );
}

function TruthRows({ c }: { c: Comparison }) {
  if (!c.truth || !c.mcnemar) return null;
  const { a, b, cells } = c.truth;
  return (
    <>
      <tr className="numbers-section">
        <th colSpan={2}>Against the truth ({cells.toLocaleString('en-US')} cells)</th>
      </tr>
      <Row label="OA of A · B" title="Overall accuracy of each map against the reference map" testId="compare-truth-oa">
        {pct(a.oa)} · {pct(b.oa)}
      </Row>
      <Row label="Kappa of A · B" title="Cohen's kappa of each map against the reference map" testId="compare-truth-kappa">
        {num(a.kappa)} · {num(b.kappa)}
      </Row>
      <Row label="Mean F1 of A · B" title="Macro-averaged F1 over the classes present" testId="compare-truth-f1">
        {num(a.macroF1)} · {num(b.macroF1)}
      </Row>
      <Row label="McNemar" title={`Is one map right more often than the other? ${c.mcnemar.b} cells only A gets right, ${c.mcnemar.c} only B (${c.mcnemar.method})`} testId="compare-mcnemar">
        {c.mcnemar.statistic.toFixed(2)}, p {c.mcnemar.pValue < 1e-4 ? '< 0.0001' : c.mcnemar.pValue.toFixed(4)}
      </Row>
    </>
  );
}

function ProbabilityRows({ c }: { c: Comparison }) {
  if (!c.probabilities) return null;
  const { confidence, meanDivergence } = c.probabilities;
  return (
    <>
      <tr className="numbers-section">
        <th colSpan={2}>Confidence (both are mapping results)</th>
      </tr>
      <Row label="A where they agree · differ" title="Mean max probability of A's class" testId="compare-confidence-a">
        {pct(confidence.a.agree)} · {pct(confidence.a.disagree)}
      </Row>
      <Row label="B where they agree · differ" title="Mean max probability of B's class" testId="compare-confidence-b">
        {pct(confidence.b.agree)} · {pct(confidence.b.disagree)}
      </Row>
      <Row label="Mean divergence" title="Jensen-Shannon divergence of the two maps' class probabilities, base 2: 0 the same, 1 nothing in common" testId="compare-divergence">
        {num(meanDivergence)}
      </Row>
    </>
  );
}

/** The comparison's numbers as a table, with the per-class areas and agreement under it. */
export function NumbersPanel() {
  const c = useCompare((s) => s.shown?.comparison ?? null);
  if (!c) return null;
  return (
    <Panel title="Numbers" testId="compare-numbers">
      <table className="numbers-table">
        <tbody>
          <Row label="Agreement" title="Share of the compared cells where both maps hold the same class" testId="compare-agreement">
            {pct(c.agreement)}
          </Row>
          <Row label="Kappa" title="Agreement beyond chance (Cohen's kappa)" testId="compare-kappa">
            {num(c.kappa)}
          </Row>
          <Row label="Quantity disagreement" title="Disagreement from different amounts of the classes" testId="compare-quantity">
            {pct(c.quantityDisagreement)}
          </Row>
          <Row label="Allocation disagreement" title="Disagreement from the same amounts in different places" testId="compare-allocation">
            {pct(c.allocationDisagreement)}
          </Row>
          <ProbabilityRows c={c} />
          <TruthRows c={c} />
        </tbody>
      </table>
      <ClassTable c={c} />
    </Panel>
  );
}
