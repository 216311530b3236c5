import { useEffect } from 'react';
import { OpenIcon } from '../../ui/icons';
import { chooseFileToOpen } from './open-map';

/** Toolbar "Open…" button; Ctrl+O (Cmd+O) does the same. */
export function OpenButton() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        void chooseFileToOpen();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <button type="button" className="tool-button" data-testid="open-button" title="Open an LCZ map or a satellite scene (GeoTIFF) (Ctrl+O)" onClick={() => void chooseFileToOpen()}>
      <OpenIcon />
      Open…
    </button>
  );
}
