import type { ReactNode } from 'react';

/** Small line icons (16 px, currentColor) for the toolbar and panels; inline SVG, so nothing to load. */

interface IconProps {
  className?: string;
}

function Svg({ children, className }: IconProps & { children: ReactNode }) {
  return (
    <svg className={className ?? 'icon'} width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor"
      strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export function OpenIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M1.5 4.5v8a1 1 0 0 0 1 1h10.2a1 1 0 0 0 1-.8l1-4.7H4.4a1 1 0 0 0-1 .8l-1.1 4.7" />
      <path d="M13.5 8V5.5a1 1 0 0 0-1-1H7.6L6 2.5H2.5a1 1 0 0 0-1 1v1" />
    </Svg>
  );
}

export function ExportIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8 1.5v8.5M4.8 6.8 8 10l3.2-3.2" />
      <path d="M2 10.5v2.5a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1v-2.5" />
    </Svg>
  );
}

export function LayersIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8 1.8 1.5 5.2 8 8.6l6.5-3.4L8 1.8Z" />
      <path d="m1.5 8.2 6.5 3.4 6.5-3.4M1.5 11 8 14.4l6.5-3.4" />
    </Svg>
  );
}

export function CloseIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m4 4 8 8M12 4l-8 8" />
    </Svg>
  );
}

/** Zoom to a layer's extent: a frame with corners. */
export function ZoomToIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2 5.5V2h3.5M10.5 2H14v3.5M14 10.5V14h-3.5M5.5 14H2v-3.5" />
      <circle cx="8" cy="8" r="2" />
    </Svg>
  );
}

/** The Map view: a folded map. */
export function MapIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M1.5 3.5 5.5 2l5 2 4-1.5v10l-4 1.5-5-2-4 1.5v-10Z" />
      <path d="M5.5 2v10M10.5 4v10" />
    </Svg>
  );
}

/** The Compare view: two maps side by side. */
export function CompareIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="1.5" y="2.5" width="13" height="11" rx="1" />
      <path d="M8 1v14" />
    </Svg>
  );
}

/** The Training view: a falling loss curve. */
export function TrainingIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M1.5 1.5v13h13" />
      <path d="M3.5 4c2 0 2.5 5 5 6.5s3.5.5 5.5.5" />
    </Svg>
  );
}

/** The Distillation view: a funnel, many models into one. */
export function DistilIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M1.5 2.5h13L9.5 8.5v5l-3 1v-6l-5-6Z" />
    </Svg>
  );
}

/** The Deploy view: a chip. */
export function DeployIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <rect x="4" y="4" width="8" height="8" rx="1" />
      <path d="M6 1.5V4M10 1.5V4M6 12v2.5M10 12v2.5M1.5 6H4M1.5 10H4M12 6h2.5M12 10h2.5" />
    </Svg>
  );
}

/** "Get started": a signpost. */
export function GuideIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M8 1.5v13M5 14.5h6" />
      <path d="M8 3h5l1.5 1.75L13 6.5H8M8 8H3L1.5 9.75 3 11.5h5" />
    </Svg>
  );
}

/** The jobs dock: stacked bars. */
export function JobsIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2 4h12M2 8h8M2 12h10" />
    </Svg>
  );
}
