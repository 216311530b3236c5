/**
 * What the user typed in the Open and Export dialogs, kept while the page lives: a dialog that closes on an error
 * (or opens again after a failed export) shows the path as it was typed, to be corrected rather than typed again.
 */
const drafts = new Map<string, string>();

export function dialogDraft(key: string): string | undefined {
  return drafts.get(key);
}

export function keepDialogDraft(key: string, text: string): void {
  drafts.set(key, text);
}
