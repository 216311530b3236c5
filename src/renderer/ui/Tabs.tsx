import { useId, type KeyboardEvent, type ReactNode } from 'react';
import './tabs.css';

export interface TabSpec<K extends string> {
  key: K;
  label: string;
  /** A small marker after the label: a count, a running dot. */
  badge?: ReactNode;
}

interface TabsProps<K extends string> {
  tabs: readonly TabSpec<K>[];
  active: K;
  onChange: (key: K) => void;
  label: string;
  /** The active tab's content. */
  children: ReactNode;
}

/** A tab strip over one scrolling panel (WAI-ARIA tabs: arrow keys move between tabs). */
export function Tabs<K extends string>({ tabs, active, onChange, label, children }: TabsProps<K>) {
  const base = useId();
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.key === active);
    const next = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next) onChange(next.key);
  };
  return (
    <div className="tabs">
      <div className="tab-strip" role="tablist" aria-label={label} onKeyDown={onKey}>
        {tabs.map((tab) => (
          <button key={tab.key} type="button" role="tab" id={`${base}-${tab.key}`} className="tab" data-testid={`tab-${tab.key}`}
            aria-selected={tab.key === active} aria-controls={`${base}-panel`} tabIndex={tab.key === active ? 0 : -1}
            onClick={() => onChange(tab.key)}>
            {tab.label}
            {tab.badge}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${active}`} data-testid={`tab-panel-${active}`}>
        {children}
      </div>
    </div>
  );
}
