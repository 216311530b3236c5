/** An error reported by the core: its message is meant for the user. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
