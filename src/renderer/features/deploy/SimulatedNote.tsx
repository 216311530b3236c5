/** Wherever a figure or a state comes from the Metis simulator: the user must never take it for a real card's. */
export function SimulatedBadge({ testId }: { testId?: string }) {
  return (
    <span className="badge badge-synthetic" data-testid={testId} title="From LCZ Studio's Metis simulator (LCZ_METIS_SIMULATOR=1): no Metis card was used">
      simulated
    </span>
  );
}

export function SimulatedNote({ children, testId }: { children: string; testId?: string }) {
  return (
    <p className="deploy-simulated" data-testid={testId}>
      <SimulatedBadge /> {children}
    </p>
  );
}
