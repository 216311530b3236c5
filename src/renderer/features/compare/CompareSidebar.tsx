import { useEffect } from 'react';
import { AreasPanel } from './AreasPanel';
import { ComparedMapsPanel } from './ComparedMapsPanel';
import { ComparisonsPanel } from './ComparisonsPanel';
import { CrossTabPanel } from './CrossTabPanel';
import { NumbersPanel } from './NumbersPanel';
import { PontiusPanel } from './PontiusPanel';
import { startCompareSync } from './compare-actions';
import './compare.css';

/** The Compare view's context column: the comparisons, the maps compared, the cross-tabulation and the numbers. */
export function CompareSidebar() {
  useEffect(startCompareSync, []);
  return (
    <aside className="compare-sidebar" aria-label="Comparison" data-testid="compare-sidebar">
      <ComparisonsPanel />
      <ComparedMapsPanel />
      <CrossTabPanel />
      <PontiusPanel />
      <NumbersPanel />
      <AreasPanel />
    </aside>
  );
}
