/**
 * Opening a file the user named. Where a file is expected, people (and hostile pages in browser mode) give other
 * things: a folder, a named pipe, a device, a socket, a loop of symbolic links. Opening those is not harmless:
 *
 * - open() of a FIFO blocks until a writer appears, holding one of libuv's four thread-pool threads for ever; four
 *   such requests stop every file operation of the process (the browser-mode server stops answering);
 * - /dev/zero and /dev/urandom never end, so a readFile() of one eats memory until it fails;
 * - opening some devices does something (a tape rewinds, a serial line raises its control lines).
 *
 * So every user-given input goes through here: stat() first (it never blocks and opens nothing) and refuse what is
 * not a regular file, then open with O_NONBLOCK (a FIFO swapped in after the stat cannot block the open) and fstat the
 * descriptor, so what is read is what was checked. Symbolic links to regular files are followed as usual; /proc files
 * are regular (size 0, yet they have content) and pass.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { UserError } from '../../shared/errors';

/** Why a path could not be opened as a file: lets a caller say "not a bundle" where the file is missing. */
export type InputProblem = 'missing' | 'not-a-file' | 'unreadable';

export class InputFileError extends UserError {
  constructor(
    readonly problem: InputProblem,
    message: string,
    file: string,
  ) {
    super(message, file);
  }
}

export interface InputFileOptions {
  /** What the file should be, with its article, for the messages: 'a GeoTIFF file' (default 'a file'). */
  what?: string;
  /** The message when nothing is there (default 'does not exist'). */
  missing?: string;
}

/** O_NONBLOCK does not exist on Windows, which has no FIFOs to open by a path either. */
const READ_NONBLOCKING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a path that is not a regular file is, in words; null for a regular file. */
function whatItIs(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'is a folder';
  if (info.isFIFO()) return 'is a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'is a device';
  if (info.isSocket()) return 'is a socket';
  return 'is not a regular file';
}

function refuseUnlessFile(info: Stats, path: string, options: InputFileOptions): void {
  const it = whatItIs(info);
  if (it) throw new InputFileError('not-a-file', `${it}, not ${options.what ?? 'a file'}`, path);
}

/** A failed stat or open as a sentence naming the file; anything unforeseen keeps its code. */
function openFailure(error: unknown, path: string, options: InputFileOptions): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new InputFileError('missing', options.missing ?? 'does not exist', path);
    case 'ENOTDIR':
      return new InputFileError('missing', 'does not exist (part of this path is a file, not a folder)', path);
    case 'ELOOP':
      return new InputFileError('unreadable', 'cannot be followed: its symbolic links go round in a loop (or nest too deep)', path);
    case 'EACCES':
    case 'EPERM':
      return new InputFileError('unreadable', 'permission denied: LCZ Studio may not read this file', path);
    case 'ENAMETOOLONG':
      return new InputFileError('unreadable', 'the path is too long', path);
    case 'ENXIO':
      // What open() says of a socket, or of a device without its driver, when stat did not already tell.
      return new InputFileError('not-a-file', `is a socket or device, not ${options.what ?? 'a file'}`, path);
    default:
      return new InputFileError('unreadable', `cannot be opened (${code ?? (error as Error).message})`, path);
  }
}

/**
 * Checks that `path` is a regular file (after symbolic links) without opening it, for readers that open it by its
 * name themselves (libhdf5, ONNX Runtime). Their own open follows at once; a file swapped between the two is the
 * user's own doing, not something a request can cause.
 */
export async function assertRegularFile(path: string, options: InputFileOptions = {}): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw openFailure(error, path, options);
  }
  refuseUnlessFile(info, path, options);
  return info;
}

/** Opens a regular file for reading, never blocking and never opening anything else. The caller closes the handle. */
export async function openRegularFile(path: string, options: InputFileOptions = {}): Promise<{ handle: FileHandle; size: number }> {
  await assertRegularFile(path, options);
  let handle: FileHandle;
  try {
    handle = await open(path, READ_NONBLOCKING);
  } catch (error) {
    throw openFailure(error, path, options);
  }
  try {
    const info = await handle.stat();
    refuseUnlessFile(info, path, options);
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The whole of a regular file (a manifest, a summary, a model), read through openRegularFile. */
export async function readRegularFile(path: string, options: InputFileOptions = {}): Promise<Buffer> {
  const { handle } = await openRegularFile(path, options);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** The text of a regular file, as UTF-8. */
export async function readRegularText(path: string, options: InputFileOptions = {}): Promise<string> {
  return (await readRegularFile(path, options)).toString('utf8');
}
