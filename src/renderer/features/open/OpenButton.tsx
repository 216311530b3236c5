import { useEffect } from 'react';
import { OpenIcon } from '../../ui/icons';
import { chooseMapToOpen } from './open-map';

/** Toolbar "Open…" button; Ctrl+O (Cmd+O) does the same. */
export function OpenButton() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        void chooseMapToOpen();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <button type="button" className="tool-button" data-testid="open-button" title="Open an LCZ GeoTIFF (Ctrl+O)" onClick={() => void chooseMapToOpen()}>
      <OpenIcon />
      Open…
    </button>
  );
}
