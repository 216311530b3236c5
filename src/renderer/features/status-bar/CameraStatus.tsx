import { useApp } from '../../app/app-state';

/** The map's zoom level (its centre in the tooltip), where the map looks: what the session keeps. */
export function CameraStatus() {
  const camera = useApp((s) => s.camera);
  if (!camera) return null;
  const [lon, lat] = camera.center;
  return (
    <span className="status-item" data-testid="status-camera" data-lon={lon} data-lat={lat} data-zoom={camera.zoom}
      title={`Map centre: ${lat.toFixed(5)}°, ${lon.toFixed(5)}°`}>
      Zoom {camera.zoom.toFixed(1)}
    </span>
  );
}
