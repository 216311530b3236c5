import { useApp } from '../../app/app-state';

/**
 * The error about the path in a dialog's field, inside the dialog (which covers the banner), beside the field to
 * correct. Errors about other files (an earlier action's) stay in the banner only.
 */
export function DialogError({ testId, file }: { testId: string; file: string }) {
  const error = useApp((s) => s.error);
  if (!error || error.file !== file.trim()) return null;
  return (
    <p className="dialog-error" role="alert" data-testid={testId}>
      <strong>{error.title}</strong> {error.message}
    </p>
  );
}
