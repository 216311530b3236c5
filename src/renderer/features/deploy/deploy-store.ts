import type { BrokenBundle, CalibrationSource, DeploymentListItem, DeploymentView, MetisBundle, MetisDeployPlan, MetisJobLog, MetisStatus } from '../../../shared/contract';
import { createStore, useStoreSlice } from '../../app/store';

/** The calibration data chosen: one of the plan's (by index), or a path typed (on the machine running the core). */
export type CalibrationChoice = { kind: 'at-hand'; index: number } | { kind: 'path'; path: string };

export interface DeployState {
  /** The card as discovery sees it (or the simulator's); null while asking. */
  status: MetisStatus | null;
  statusError: string | null;
  checking: boolean;
  bundles: readonly MetisBundle[] | null;
  broken: readonly BrokenBundle[];
  /** The bundle chosen in the picker. */
  selected: string | null;
  /** What deploying it would do, from the core; null while asking. */
  plan: MetisDeployPlan | null;
  calibration: CalibrationChoice;
  /** The deploy started here: its job, and the log file its steps are read from. */
  jobId: string | null;
  logFile: string | null;
  log: MetisJobLog | null;
  /** The report shown: the deployment just made, or one chosen from the list. */
  report: DeploymentView | null;
  deployments: readonly DeploymentListItem[];
  busy: boolean;
}

export const deployStore = createStore<DeployState>({
  status: null,
  statusError: null,
  checking: false,
  bundles: null,
  broken: [],
  selected: null,
  plan: null,
  calibration: { kind: 'at-hand', index: 0 },
  jobId: null,
  logFile: null,
  log: null,
  report: null,
  deployments: [],
  busy: false,
});

export function useDeploy<T>(selector: (state: DeployState) => T): T {
  return useStoreSlice(deployStore, selector);
}

/** The calibration source chosen, or why there is none yet. Pure: tested in Node. */
export function chosenCalibration(plan: MetisDeployPlan | null, choice: CalibrationChoice): { source: CalibrationSource | null; problem: string | null; needsSettings: string | null } {
  if (!plan) return { source: null, problem: null, needsSettings: null };
  if (choice.kind === 'at-hand') {
    const at = plan.calibration[choice.index];
    return at ? { source: at.source, problem: null, needsSettings: null } : { source: null, problem: 'No calibration data is at hand: make the synthetic demo scene (Map view, Mapping tab) or give a So2Sat file or a scene.', needsSettings: null };
  }
  const path = choice.path.trim();
  if (path === '') return { source: null, problem: 'Give the path of a So2Sat LCZ42-format file (.h5) or of a scene (.tif).', needsSettings: null };
  if (/\.(h5|hdf5|he5)$/i.test(path)) return { source: { kind: 'so2sat', path }, problem: null, needsSettings: null };
  if (/\.(tif|tiff)$/i.test(path)) return { source: null, problem: null, needsSettings: path };
  return { source: null, problem: 'Calibration data is a So2Sat LCZ42-format file (.h5) or a scene (.tif).', needsSettings: null };
}
