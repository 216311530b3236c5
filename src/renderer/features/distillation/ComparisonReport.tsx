import { useCallback } from 'react';
import type { ModelComparison } from '../../../shared/contract/model-comparison';
import { PlotFigure } from '../../ui/PlotFigure';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { useElementWidth } from '../../ui/use-element-width';
import { useRuns } from '../training/runs-store';
import { useTraining } from '../training/training-store';
import { accuracyScatter, ROLE_COLORS } from './distill-charts';
import { useDistill } from './distill-store';
import { classF1Rows, formatBytes, plotPoints, reportNotes, reportRows, shortCount, type ReportRow } from './report-format';

const COLUMNS: [keyof ReportRow, string, string][] = [
  ['oa', 'OA', 'Overall accuracy'],
  ['kappa', 'kappa', "Cohen's kappa"],
  ['oaUrban', 'OA_u', 'OA over the urban classes 1-10'],
  ['oaBuiltNatural', 'OA_bu', 'Built versus natural'],
  ['oaWeighted', 'OA_w', 'Weighted by class similarity (WUDAPT)'],
  ['macroF1', 'mean F1', 'Mean F1 over the classes present'],
  ['ece', 'ECE before → after', 'Expected calibration error before and after temperature scaling'],
  ['agreement', 'agreement', 'Share of patches where its class is the reference’s'],
  ['mcnemar', 'McNemar', "McNemar's test against the reference (patches only it gets right vs only this one)"],
  ['params', 'params', 'Parameters'],
  ['macs', 'MACs', 'Multiply-accumulates per patch'],
  ['bytes', 'size', 'model.onnx on disk'],
  ['throughput', 'patches/s', 'Patches per second in ONNX Runtime on this machine'],
];

function Plots({ report, teacherCount }: { report: ModelComparison; teacherCount: number }) {
  const [host, width] = useElementWidth<HTMLDivElement>();
  const points = plotPoints(report, teacherCount);
  const half = Math.max(260, Math.floor((width - 16) / 2));
  const speed = useCallback(() => accuracyScatter(points.throughput, { xLabel: 'Patches per second (log)', width: half, xFormat: shortCount }), [points.throughput, half]);
  const size = useCallback(() => accuracyScatter(points.size, { xLabel: 'Size on disk (log)', width: half, xFormat: formatBytes }), [points.size, half]);
  return (
    <div className="report-plots" ref={host}>
      {width > 0 && (
        <>
          <PlotFigure render={speed} testId="plot-throughput" label="Overall accuracy against patches per second, one point per model" />
          <PlotFigure render={size} testId="plot-size" label="Overall accuracy against size on disk, one point per model" />
        </>
      )}
    </div>
  );
}

/** The comparison report: what it is measured on, the table, per-class F1 and the two plots. */
export function ComparisonReport() {
  const report = useDistill((s) => s.report);
  const error = useDistill((s) => s.reportError);
  const dir = useDistill((s) => s.runDir);
  const status = useRuns((s) => (dir ? s.details[dir]?.status : undefined));
  const demo = useTraining((s) => s.demo);
  if (error) return <p className="job-reason" data-testid="report-error">The report cannot be read: {error}</p>;
  if (!report) return null;
  const r = report.data;
  const teacherCount = status?.distillation?.teachers.length ?? 1;
  const synthetic = demo !== null && (r.data === demo.path || status?.params.train === demo.path);
  const rows = reportRows(r, teacherCount);
  const notes = reportNotes(r, { synthetic, trainedOn: status?.params.train ?? null, teacherCount });
  const f1 = classF1Rows(r);
  return (
    <section className="comparison-report" data-testid="comparison-report" data-dir={report.dir} data-synthetic={synthetic}>
      <h3>
        Comparison on {r.data.split(/[\\/]/).pop()} · {r.patches.toLocaleString('en-US')} patches {synthetic && <SyntheticBadge testId="report-synthetic" what="So2Sat data" />}
      </h3>
      <ul className="report-notes" data-testid="report-notes">
        {notes.map((n) => (
          <li key={n} className={n.startsWith('Synthetic') ? 'is-warning' : undefined}>
            {n}
          </li>
        ))}
      </ul>
      <div className="report-table-wrap">
        <table className="report-table" data-testid="report-table">
          <thead>
            <tr>
              <th scope="col">model</th>
              {COLUMNS.map(([key, label, title]) => (
                <th key={key} scope="col" className="num" title={title}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.bundle} data-testid="report-row" data-role={row.role}>
                <th scope="row" title={row.bundle}>
                  <span className="role-dot" style={{ background: ROLE_COLORS[row.role] }} /> {row.name} <span className="faint">{row.role}</span>
                </th>
                {COLUMNS.map(([key]) => (
                  <td key={key} className="num" data-col={key}>
                    {row[key]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Plots report={r} teacherCount={teacherCount} />
      <details className="report-f1">
        <summary>F1 per class</summary>
        <table className="report-table" data-testid="report-f1">
          <thead>
            <tr>
              <th scope="col">LCZ</th>
              {rows.map((row) => (
                <th key={row.bundle} scope="col" className="num" title={row.name}>
                  {row.role === 'teacher' ? row.name : row.role}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {f1.map((c) => (
              <tr key={c.value}>
                <th scope="row" title={c.name}>
                  <span className="role-dot" style={{ background: c.color }} /> {c.code} {c.name}
                </th>
                {c.f1.map((v, i) => (
                  <td key={i} className="num">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
