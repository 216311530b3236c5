import { api } from '../../api';
import { appStore } from '../../app/app-state';
import { reportError } from '../../app/report-error';
import type { ExportMapParams } from '../../../shared/contract';
import { refreshJobs } from '../jobs/jobs-sync';

export type OverviewResampling = ExportMapParams['overviewResampling'];

/** Asks the native save dialog for a path (Electron only); null when the user cancels. */
export async function chooseExportPath(defaultPath: string): Promise<string | null> {
  try {
    const { path } = await api.invoke('dialog/save-file', { title: 'Export the LCZ map', defaultPath });
    return path;
  } catch (error) {
    reportError(error, { action: 'Cannot show the save dialog' });
    return null;
  }
}

/** Starts the export job; its progress and outcome arrive as job updates. */
export async function startExport(output: string, overviewResampling: OverviewResampling): Promise<boolean> {
  const map = appStore.get().map;
  if (!map) return false;
  try {
    await api.invoke('jobs/start', { kind: 'export-map', params: { input: map.path, output, overviewResampling } });
    // Updates are pushed as the job runs; the list is a safety net should one be missed.
    void refreshJobs();
    return true;
  } catch (error) {
    reportError(error, { action: 'Cannot export', file: output });
    return false;
  }
}
