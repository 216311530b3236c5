import { useEffect, useRef } from 'react';

/** A tool's output as it streams: kept scrolled to its end, where the news is. */
export function LogText({ text, testId }: { text: string; testId?: string }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [text]);
  return (
    <pre ref={ref} className="deploy-log-text" data-testid={testId}>
      {text}
    </pre>
  );
}
