import { useCallback, useMemo } from 'react';
import type { DatasetInfo } from '../../../shared/contract';
import { PlotFigure } from '../../ui/PlotFigure';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { classCountRows, datasetLines, labelIssueLines, variantLabel } from './dataset-data';
import { classHistogramChart } from './training-charts';

/** The sidebar's inner width. */
const CHART_WIDTH = 320;

function ClassHistogram({ counts }: { counts: readonly number[] }) {
  const rows = useMemo(() => classCountRows(counts), [counts]);
  const render = useCallback(() => classHistogramChart(rows, CHART_WIDTH), [rows]);
  return <PlotFigure render={render} testId="class-histogram" label="Patches per LCZ class in the training file" />;
}

/** What a So2Sat-format file holds: patches, layout, datasets with shape and type, Sentinel-1, classes. */
export function DatasetFacts({ info }: { info: DatasetInfo }) {
  const name = info.path.split(/[\\/]/).pop() ?? info.path;
  const issues = labelIssueLines(info);
  return (
    <div className="dataset-facts" data-testid="dataset-facts" data-path={info.path} data-patches={info.patches} data-synthetic={info.synthetic}>
      <h2 className="dataset-name" title={info.path}>
        {name} {info.synthetic && <SyntheticBadge testId="dataset-synthetic" what="training data" />}
      </h2>
      {issues.length > 0 && (
        <p className="dataset-warning" data-testid="dataset-warning" role="alert">
          Training refuses this file: {issues.join('; ')}.
        </p>
      )}
      {info.synthetic && <p className="synthetic-note">Patches cut from synthetic cities made by LCZ Studio: not real data. A model trained on it learns the generator, not real cities.</p>}
      <dl className="facts">
        <dt>Patches</dt>
        <dd data-testid="dataset-patches">{info.patches.toLocaleString('en-US')}</dd>
        <dt>Layout</dt>
        <dd>{variantLabel(info.variant)}</dd>
        <dt>Datasets</dt>
        <dd>
          {datasetLines(info).map((d) => (
            <span key={d.name} className="dataset-line">
              <code>{d.name}</code> {d.text}
            </span>
          ))}
        </dd>
        <dt>Sentinel-1</dt>
        <dd>{info.hasSen1 ? 'yes (sen1): SAR members can train' : 'no: only Sentinel-2 members'}</dd>
        <dt>File</dt>
        <dd className="map-path" title={info.path}>
          {info.path}
        </dd>
      </dl>
      <h4 className="chart-title">Patches per class</h4>
      <ClassHistogram counts={info.classCounts} />
    </div>
  );
}
