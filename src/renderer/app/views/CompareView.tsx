import { CompareMapPane } from '../../features/compare/CompareMapPane';
import { CompareSidebar } from '../../features/compare/CompareSidebar';

/**
 * The Compare view: the comparisons and their numbers (cross-tabulation, Pontius bars, areas, table) in the context
 * column, and the two maps beside it, by swipe, side by side, or as their difference.
 */
export function CompareView() {
  return (
    <div className="view-columns">
      <CompareSidebar />
      <CompareMapPane />
    </div>
  );
}
