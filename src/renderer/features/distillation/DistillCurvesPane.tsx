import { useCallback, useMemo } from 'react';
import { isJobPending } from '../../../shared/contract';
import { useApp } from '../../app/app-state';
import { PlotFigure } from '../../ui/PlotFigure';
import { useElementWidth } from '../../ui/use-element-width';
import { memberColor, type CurvePoint, type Metric } from '../training/curves-data';
import { LiveStatus } from '../training/LiveStatus';
import { useRuns } from '../training/runs-store';
import { curveChart } from '../training/training-charts';
import { CurvesLegend } from '../training/TrainingCurves';
import { ACCURACY_PARTS, distillCurves, LOSS_PARTS } from './distill-curves';
import { useDistill } from './distill-store';
import '../training/training-view.css';

function Chart({ points, metric, parts, colors, epochs, width, yLabel, testId }: { points: CurvePoint[]; metric: Metric; parts: readonly string[]; colors: string[]; epochs: number; width: number; yLabel: string; testId: string }) {
  const render = useCallback(() => curveChart(points, { metric, epochs, width, height: 220, members: parts, colors, yLabel }), [points, metric, epochs, width, parts, colors, yLabel]);
  const counts = { train: 0, validation: 0 };
  for (const p of points) if (p.series !== 'running') counts[p.series]++;
  return (
    <figure className="curve-figure">
      <CurvesLegend names={parts} colors={colors} />
      <PlotFigure render={render} testId={testId} label={`${yLabel} per epoch, train and validation`} />
      <span hidden data-testid={`${testId}-counts`} data-train={counts.train} data-validation={counts.validation} />
    </figure>
  );
}

const LOSS_COLORS = [memberColor(0), memberColor(1)];
const ACCURACY_COLORS = [memberColor(2), memberColor(3)];

/** The student's curves: the hard and soft parts of its loss, its accuracy and its agreement with the teacher; live while it trains. */
export function DistillCurvesPane() {
  const dir = useDistill((s) => s.runDir);
  const jobId = useDistill((s) => s.jobs.distill);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const status = useRuns((s) => (dir ? s.details[dir]?.status : undefined));
  const [body, width] = useElementWidth<HTMLDivElement>();
  const history = status?.members[0]?.history;
  const curves = useMemo(() => distillCurves(history ?? []), [history]);
  const t = status?.params.distillation;
  return (
    <section className="training-pane curves-pane" aria-label="Distillation curves" data-testid="distill-curves" data-dir={dir ?? undefined} data-state={status?.state}>
      <header className="pane-header">
        <h2>Student curves</h2>
        {status && <span className="pane-sub">{status.name}</span>}
      </header>
      <div className="pane-body" ref={body}>
        {job && isJobPending(job) && <LiveStatus job={job} status={status ?? null} />}
        {t && (
          <p className="hint" data-testid="distill-run-settings">
            Teacher: {t.teacher.length} bundle{t.teacher.length === 1 ? '' : 's'}, {t.fusion === 'logits' ? 'mean of logits' : 'mean of probabilities'}; T {t.temperature}, alpha {t.alpha}
            {status?.distillation?.cache ? ` · teacher outputs ${status.distillation.cache.source === 'computed' ? 'computed once' : 'reused from the cache'} (${status.distillation.teacherPasses} teacher pass${status.distillation.teacherPasses === 1 ? '' : 'es'})` : ''}
          </p>
        )}
        {status && width > 0 && (
          <div className="distill-charts">
            <Chart points={curves.loss} metric="loss" parts={LOSS_PARTS} colors={LOSS_COLORS} epochs={status.params.epochs} width={width} yLabel="Loss parts" testId="distill-loss" />
            <Chart points={curves.accuracy} metric="accuracy" parts={ACCURACY_PARTS} colors={ACCURACY_COLORS} epochs={status.params.epochs} width={width} yLabel="Accuracy, agreement" testId="distill-accuracy" />
          </div>
        )}
        {!dir && !job && (
          <p className="pane-empty" data-testid="distill-curves-empty">
            Choose a teacher and a student on the left and press Distil, or choose a distillation under Distillations: the student’s curves show here.
          </p>
        )}
      </div>
    </section>
  );
}
