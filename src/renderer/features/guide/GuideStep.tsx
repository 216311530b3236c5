import type { ReactNode } from 'react';
import type { GuideStepKey, GuideStepState } from './guide-steps';

const STATE_LABEL: Record<GuideStepState, string> = { done: 'done', next: 'next step', todo: 'to do' };

interface GuideStepProps {
  step: GuideStepKey;
  number: number;
  state: GuideStepState;
  title: string;
  /** What the step is, or what it did once done. */
  children: ReactNode;
  /** The buttons that do the step. */
  actions: ReactNode;
}

/** One step of the guide: its number (a tick once done), what it is, and the button that does it. */
export function GuideStep({ step, number, state, title, children, actions }: GuideStepProps) {
  return (
    <li className={`guide-step is-${state}`} data-testid={`guide-step-${step}`} data-state={state}>
      <span className="guide-marker" aria-hidden="true">
        {state === 'done' ? '✓' : number}
      </span>
      <div className="guide-step-body">
        <h3>
          {title} <span className="visually-hidden">({STATE_LABEL[state]})</span>
        </h3>
        <div className="guide-step-text">{children}</div>
        <div className="guide-actions">{actions}</div>
      </div>
    </li>
  );
}
