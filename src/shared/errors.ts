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
