import { resolve } from 'node:path';
import { UserError } from '../../shared/errors';
import { assertRegularFile } from '../files/input-file';
import { H5, hdf5Detail, loadHdf5, type H5File, type H5Module } from './hdf5';

/** What libhdf5 says when it cannot open a file, as a sentence for the user. */
function openProblem(detail: string): string {
  if (/file signature not found/i.test(detail)) return 'is not an HDF5 file (no HDF5 signature); So2Sat LCZ42 data comes as .h5 files';
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/i.exec(detail);
  if (truncated) {
    const [have, want] = [Number(truncated[1]), Number(truncated[2])];
    return `is truncated: it has ${have.toLocaleString('en-US')} of the ${want.toLocaleString('en-US')} bytes it should (${((100 * have) / want).toFixed(1)} %); an interrupted download or copy? Fetch it again`;
  }
  return `cannot be opened as HDF5 (${detail})`;
}

/** Opens an HDF5 file read-only, or throws a UserError that names the file and says why it cannot be read. */
export async function openHdf5(path: string): Promise<{ module: H5Module; file: H5File; path: string }> {
  const full = resolve(path);
  // libhdf5 opens the file by its name, synchronously: a FIFO would block the whole process, so refuse it first.
  const info = await assertRegularFile(path, { what: 'an HDF5 file' });
  if (info.size === 0) throw new UserError('is empty (0 bytes), not an HDF5 file', path);
  const module = await loadHdf5();
  try {
    return { module, file: new H5.File(full, 'r'), path: full };
  } catch (error) {
    throw new UserError(openProblem(hdf5Detail(error)), path);
  }
}
