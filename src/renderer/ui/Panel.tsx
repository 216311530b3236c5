import { useId, useState, type ReactNode } from 'react';
import './panel.css';

interface PanelProps {
  title: string;
  /** Small buttons on the right of the header. */
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** A sidebar section with a header that folds it away. */
export function Panel({ title, actions, children, testId }: PanelProps) {
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  return (
    <section className="panel" data-testid={testId}>
      <header className="panel-header">
        <button type="button" className="panel-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
          <span className={open ? 'chevron is-open' : 'chevron'} aria-hidden="true" />
          <h3>{title}</h3>
        </button>
        {open && actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div id={bodyId} className="panel-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
