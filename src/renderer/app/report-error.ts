import { ApiError } from '../api';
import { appStore } from './app-state';

export interface ErrorContext {
  /** What failed, as the banner's title starts: "Cannot open", "Cannot start the export". */
  action: string;
  /** The file the user was acting on, when the error itself does not name one. */
  file?: string;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/**
 * Shows an error in the banner. Errors from the core already read "file: problem" and carry the file;
 * the title says what the user was doing and with which file.
 */
export function reportError(error: unknown, context: ErrorContext): void {
  const message = error instanceof Error ? error.message : String(error);
  const file = error instanceof ApiError && error.file ? error.file : context.file;
  if (!(error instanceof ApiError)) console.error(error);
  const title = file ? `${context.action} ${baseName(file)}` : context.action;
  appStore.set({ error: file === undefined ? { title, message } : { title, message, file } });
}

export function dismissError(): void {
  appStore.set({ error: null });
}

/** Adds a line of news that is not an error to the notice bar (after what it says already). */
export function addNotice(text: string): void {
  appStore.set((s) => ({ notice: s.notice ? `${s.notice} · ${text}` : text }));
}

/** A file of the last session that cannot be reopened: a notice, not an error (the app opens without it). */
export function reportNotice(error: unknown, file: string): void {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof ApiError)) console.error(error);
  addNotice(`Not reopened: ${baseName(file)} (${message})`);
}
