import { useApp } from '../../app/app-state';
import { dismissError } from '../../app/report-error';
import { CloseIcon } from '../../ui/icons';
import './open.css';

/** The last error, naming the file it concerns; stays until dismissed or another map is opened. */
export function ErrorBanner() {
  const error = useApp((s) => s.error);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <span className="error-icon" aria-hidden="true">
        !
      </span>
      <div className="error-text">
        <strong className="error-title" title={error.file}>
          {error.title}
        </strong>
        <span className="error-message">{error.message}</span>
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss error" data-testid="error-dismiss" onClick={dismissError}>
        <CloseIcon />
      </button>
    </div>
  );
}
