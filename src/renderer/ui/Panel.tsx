import { useId, useState, type ReactNode } from 'react';
import './panel.css';

interface PanelProps {
  title: string;
  /** Small buttons on the right of the header. */
  actions?: ReactNode;
  /** A short line shown in the header while the panel is folded ("10 of 10 bands mapped"). */
  summary?: ReactNode;
  defaultOpen?: boolean;
  children: ReactNode;
  testId?: string;
}

/** A sidebar section with a header that folds it away. */
export function Panel({ title, actions, summary, defaultOpen = true, children, testId }: PanelProps) {
  const [open, setOpen] = useState(defaultOpen);
  const bodyId = useId();
  return (
    <section className="panel" data-testid={testId}>
      <header className="panel-header">
        <button type="button" className="panel-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}
          data-testid={testId ? `${testId}-toggle` : undefined}>
          <span className={open ? 'chevron is-open' : 'chevron'} aria-hidden="true" />
          <h3>{title}</h3>
        </button>
        {!open && summary && <span className="panel-summary">{summary}</span>}
        {open && actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div id={bodyId} className="panel-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
