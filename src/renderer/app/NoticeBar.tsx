import { CloseIcon } from '../ui/icons';
import { appStore, useApp } from './app-state';
import './notice-bar.css';

/** One line of news that is not an error (a file of the last session that is gone), until dismissed. */
export function NoticeBar() {
  const notice = useApp((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="notice-bar" role="status" data-testid="notice">
      <span className="notice-text" title={notice}>
        {notice}
      </span>
      <button type="button" className="icon-button" aria-label="Dismiss" data-testid="notice-dismiss" onClick={() => appStore.set({ notice: null })}>
        <CloseIcon />
      </button>
    </div>
  );
}
