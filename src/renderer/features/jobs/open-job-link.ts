import { appStore } from '../../app/app-state';
import { openResult } from '../results/result-actions';
import { openRunReport } from '../training/run-actions';
import type { JobLink } from './job-target';

/** Opens what a job made where the app shows it: a mapping result on the Map view, a training run in the Training view. */
export function openJobLink(link: JobLink): void {
  if (link.to === 'result') {
    void openResult(link.dir);
    return;
  }
  openRunReport(link.dir);
  appStore.set({ view: 'training' });
}
