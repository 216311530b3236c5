import type { output, ZodType } from 'zod';

/**
 * An error the user can act on: names the file and the problem. Anything else reaching a face is a bug,
 * and is reported as such.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'UserError';
  }
}

/** Parses with a zod schema; a mismatch becomes a UserError that lists every wrong field, prefixed by `what`. */
export function parseOrExplain<S extends ZodType>(schema: S, input: unknown, what: string): output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new UserError(`${what}: ${result.error.issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`).join('; ')}`);
}
