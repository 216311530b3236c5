import { useEffect, useRef } from 'react';

interface PlotFigureProps {
  /** Builds the chart (an Observable Plot element); a new function redraws it, so memoise it on its data. */
  render: () => Element;
  className?: string;
  testId?: string;
  label: string;
}

/** Mounts an Observable Plot chart (plain SVG, fine under the CSP) and replaces it when its data change. */
export function PlotFigure({ render, className, testId, label }: PlotFigureProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = render();
    host.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [render]);
  return <div ref={host} className={className ?? 'plot-figure'} data-testid={testId} role="figure" aria-label={label} />;
}
