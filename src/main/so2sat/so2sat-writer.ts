import { Hdf5StreamWriter, type Hdf5WriterOptions } from './hdf5-writer';
import { CLASS_COUNT, PATCH_SIZE, SEN1_CHANNELS, SEN2_CHANNELS, type FloatType } from './layout';

export interface So2SatWriterOptions {
  patches: number;
  /** The real files are float64; float32 halves the size and loses nothing a model can use. */
  dtype?: FloatType;
  /** Write a sen1 dataset too (N x 32 x 32 x 8). */
  sen1?: boolean;
  gzip?: Hdf5WriterOptions['gzip'];
  attributes?: Record<string, string>;
  rowsPerWrite?: number;
}

/**
 * A writer of the full So2Sat LCZ42 layout: sen1 (optional), sen2 and one-hot label, channels last. Append
 * { sen2, label[, sen1] } blocks in patch order; finish() gives the file its name.
 */
export function createSo2SatWriter(path: string, options: So2SatWriterOptions): Promise<Hdf5StreamWriter> {
  const dtype = options.dtype ?? 'float64';
  return Hdf5StreamWriter.create(path, {
    rows: options.patches,
    datasets: [
      ...(options.sen1 ? [{ name: 'sen1', rowShape: [PATCH_SIZE, PATCH_SIZE, SEN1_CHANNELS], dtype }] : []),
      { name: 'sen2', rowShape: [PATCH_SIZE, PATCH_SIZE, SEN2_CHANNELS], dtype },
      { name: 'label', rowShape: [CLASS_COUNT], dtype },
    ],
    gzip: options.gzip,
    attributes: options.attributes,
    rowsPerWrite: options.rowsPerWrite,
  });
}
