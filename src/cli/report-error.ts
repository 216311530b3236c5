import { UserError } from '../shared/errors';

/** One clear line for the user, a stack only for bugs; the exit code says it failed. */
export function reportError(error: unknown): never {
  if (error instanceof UserError) {
    process.stderr.write(`lcz: ${error.message}\n`);
  } else {
    process.stderr.write(`lcz: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}
