/**
 * Each job's output locations, checked before the job starts (files/output-location.ts): the core checks them when
 * a face starts a job, the CLI before it forks one, and the job process again before it works (so that a job
 * started any other way cannot hang on /proc either).
 *
 * What an existing output folder may be, per kind:
 * - a mapping result folder: new, empty, or an earlier LCZ result (summary.json), which the new result replaces when
 *   it completes; any other folder holds someone's files and is refused, as is a folder another mapping is writing;
 * - a training run folder: new or empty (an existing run is continued with resume, never overwritten);
 * - a model bundle folder: new, empty, or a bundle (manifest.json), which is replaced;
 * - folders that files are written into (the demo scene, exported bundles): any folder.
 * Files (an export, a So2Sat file, an evaluation) replace an existing file, never a folder or a device.
 */
import type { JobRequest } from '../../shared/contract';
import { MANIFEST_FILE } from '../../shared/bundle-manifest';
import { checkOutputLocation, type OutputLocation } from '../files/output-location';
import { refuseBusyFolder, WRITER_FILE } from '../files/folder-lock';
import { bundlesDir } from './kinds/targets';

const FILE: OutputLocation = { kind: 'file', createsParents: false };
const FOLDER_OF_FILES: OutputLocation = { kind: 'folder', createsParents: false, existing: 'any' };

async function mapResultFolder(): Promise<OutputLocation> {
  const { RESULT_FILES, STAGING_PREFIX } = await import('../mapping/write-result');
  return {
    kind: 'folder',
    createsParents: true,
    existing: (entries) => {
      // Leftovers of an interrupted mapping are not content of the folder.
      const content = entries.filter((name) => !name.startsWith(STAGING_PREFIX) && !name.startsWith(WRITER_FILE));
      if (content.length === 0 || content.includes(RESULT_FILES.summary)) return null;
      return `this folder exists and is not an LCZ mapping result (it has no ${RESULT_FILES.summary}); a result goes into a new or empty folder, or replaces an earlier result: choose another folder`;
    },
  };
}

const RUN_FOLDER: OutputLocation = {
  kind: 'folder',
  createsParents: true,
  existing: (entries) => {
    if (entries.includes('run.json')) return 'this folder holds a training run already; continue it with resume (lcz train --resume), or choose a new folder for a new run';
    return entries.length === 0 ? null : 'this folder exists and is not empty; a new training run needs a new or empty folder';
  },
};

/** A model bundle's folder. */
const BUNDLE_FOLDER: OutputLocation = {
  kind: 'folder',
  createsParents: true,
  existing: (entries) =>
    entries.length === 0 || entries.includes(MANIFEST_FILE)
      ? null
      : `this folder exists and is not a model bundle (no ${MANIFEST_FILE}); LCZ Studio will not replace it: choose a new folder`,
};

/** A folder made whole by its job (an int8 or pruned bundle, a model comparison): new or empty, never replaced. */
const NEW_FOLDER: OutputLocation = {
  kind: 'folder',
  createsParents: true,
  existing: (entries) => (entries.length === 0 ? null : 'this folder exists and is not empty; LCZ Studio will not replace it: choose a new folder'),
};

/** Throws a UserError naming the first output of the request that cannot be written, and why. */
export async function checkJobOutputs(request: JobRequest): Promise<void> {
  switch (request.kind) {
    case 'map':
      if (!request.params.outDir) return; // the core places it in the workspace
      await checkOutputLocation(request.params.outDir, await mapResultFolder());
      return refuseBusyFolder(request.params.outDir, 'mapping');
    case 'train':
    case 'distill':
      if (!request.params.runDir) return;
      return checkOutputLocation(request.params.runDir, RUN_FOLDER);
    case 'resume-training':
      // The run must be there: reading its run.json says so at once if it is not.
      return checkOutputLocation(request.params.runDir, FOLDER_OF_FILES);
    case 'export-map': {
      const { stylePath } = await import('../raster/export/export-lcz-map');
      await checkOutputLocation(request.params.output, FILE);
      return checkOutputLocation(stylePath(request.params.output), FILE);
    }
    case 'demo-scene':
      return checkOutputLocation(request.params.outDir, FOLDER_OF_FILES);
    case 'so2sat-synth':
      return checkOutputLocation(request.params.out, FILE);
    case 'evaluate-model':
      return checkOutputLocation(request.params.out, FILE);
    case 'export-onnx':
      return checkOutputLocation(bundlesDir(request.params), { kind: 'folder', createsParents: true, existing: 'any' });
    case 'compare': {
      if (!request.params.outDir) return; // the core places it in the workspace
      const { checkComparisonFolder } = await import('../compare/write-comparison');
      await checkComparisonFolder(request.params.outDir);
      return refuseBusyFolder(request.params.outDir, 'comparison');
    }
    case 'metis-deploy':
    case 'metis-benchmark':
    case 'metis-firmware-update':
      return (await import('../metis/jobs/preflight')).checkMetisJobOutputs(request);
    case 'areas-map':
      // A result folder like a mapping's: new, empty, or an earlier result it replaces.
      if (!request.params.outDir) return;
      await checkOutputLocation(request.params.outDir, await mapResultFolder());
      return refuseBusyFolder(request.params.outDir, 'mapping');
    case 'quantize':
    case 'prune':
      return checkOutputLocation(request.params.out, NEW_FOLDER);
    case 'compare-models':
      return checkOutputLocation(request.params.outDir, NEW_FOLDER);
    case 'so2sat-cut':
      return checkOutputLocation(request.params.out, FILE);
  }
}

/** The folder a model bundle is imported into (lcz import-model: not a job, checked the same way before its work). */
export function checkBundleOutput(dir: string): Promise<void> {
  return checkOutputLocation(dir, BUNDLE_FOLDER);
}
