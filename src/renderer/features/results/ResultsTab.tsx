import { AccuracyPanel } from '../accuracy/AccuracyPanel';
import { ResultDetailsPanel } from './ResultDetailsPanel';
import { ResultsListPanel } from './ResultsListPanel';

/** The saved results, and the open one: how it was made and how accurate it is. */
export function ResultsTab() {
  return (
    <>
      <ResultsListPanel />
      <AccuracyPanel />
      <ResultDetailsPanel />
    </>
  );
}
