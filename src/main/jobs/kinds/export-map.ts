import type { ExportMapParams } from '../../../shared/contract';
import { exportLczMap } from '../../raster/export/export-lcz-map';
import { readLczMap } from '../../raster/read-lcz-map';
import { throwIfCancelled, type JobContext } from '../job-context';

export async function runExportMap(params: ExportMapParams, ctx: JobContext): Promise<string[]> {
  ctx.progress({ stage: 'Reading map', done: 0, total: 1 });
  const map = await readLczMap(params.input, ctx.signal);
  throwIfCancelled(ctx.signal);
  return exportLczMap(map, params.output, {
    overviewResampling: params.overviewResampling,
    onProgress: (p) => ctx.progress(p),
    signal: ctx.signal,
  });
}
