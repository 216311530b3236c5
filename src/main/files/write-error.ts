import { UserError } from '../../shared/errors';

/**
 * What a failed write means to the user, by the system's error code; null for codes that are not the user's to fix
 * (a bug, a failing disk), which pass through as they are.
 */
const PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: 'cannot write here (permission denied)',
  EPERM: 'cannot write here (permission denied)',
  EROFS: 'cannot write here: the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'the output folder does not exist',
  // Writing under a path one of whose parts is a file: the folder cannot exist there.
  ENOTDIR: 'part of this path is a file, not a folder',
  EISDIR: 'a folder has this name; choose another file name',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'this is in use (a mount point, or open in another program)',
};

/** The user's problem of a failed write, or null when it is not one they can act on. */
function writeProblem(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code && PROBLEMS[code]) ?? null;
}

/** Rethrows a failed write as one UserError naming `place` (the file or folder written), or as it is. */
export function rethrowWriteError(error: unknown, place: string): never {
  const problem = writeProblem(error);
  if (problem) throw new UserError(problem, place);
  throw error;
}
