import type { Crs, MapView } from '../../shared/contract';

/** Number formatting shared by the panels: one place decides how many digits a user sees. */

/** Plain decimals only (no exponent, no "<"), so the text stays a number a reader or a test can take as is. */
export function formatKm2(km2: number): string {
  if (km2 === 0) return '0';
  if (km2 < 0.01) return km2.toFixed(4);
  if (km2 < 10) return km2.toFixed(2);
  if (km2 < 1000) return km2.toFixed(1);
  return Math.round(km2).toLocaleString('en-US');
}

export function formatPercent(percent: number): string {
  return percent > 0 && percent < 0.1 ? percent.toFixed(2) : percent.toFixed(1);
}

export function formatLonLat(lon: number, lat: number): string {
  return `lon ${lon.toFixed(5)}°, lat ${lat.toFixed(5)}°`;
}

/** A coordinate in the map's CRS: degrees for geographic CRSs, else in the CRS's own unit (metres named when proj4 says so). */
export function formatCrsXY(x: number, y: number, crs: Crs): string {
  if (crs.geographic) return `x ${x.toFixed(6)}°, y ${y.toFixed(6)}°`;
  const unit = linearUnit(crs);
  return `x ${x.toFixed(1)}${unit}, y ${y.toFixed(1)}${unit}`;
}

export function crsLabel(crs: Crs): string {
  // Some files only say "EPSG:32633": no need to say it twice.
  return crs.epsg === null || crs.name === `EPSG:${crs.epsg}` ? crs.name : `${crs.name} (EPSG:${crs.epsg})`;
}

export function formatSize(view: Pick<MapView, 'width' | 'height'>): string {
  return `${view.width.toLocaleString('en-US')} × ${view.height.toLocaleString('en-US')} px`;
}

/** Pixel size from the geotransform; for a geographic CRS with its rough ground size at the map's centre. */
export function formatPixelSize(view: Pick<MapView, 'geoTransform' | 'crs' | 'bounds'>): string {
  const dx = Math.abs(view.geoTransform[1]);
  const dy = Math.abs(view.geoTransform[5]);
  if (!view.crs.geographic) return `${trim(dx)} × ${trim(dy)}${linearUnit(view.crs)}`;
  const lat = (view.bounds[1] + view.bounds[3]) / 2;
  const metresPerDegree = 111_320;
  const gx = dx * metresPerDegree * Math.cos((lat * Math.PI) / 180);
  const gy = dy * metresPerDegree;
  return `${trim(dx)}° × ${trim(dy)}° (≈ ${Math.round(gx)} × ${Math.round(gy)} m)`;
}

/** ' m' and the like for a projected CRS; most are in metres, so that is assumed unless proj4 says otherwise. */
function linearUnit(crs: Crs): string {
  const units = /\+units=(\S+)/.exec(crs.proj4 ?? '')?.[1];
  if (units) return ` ${units}`;
  return crs.proj4?.includes('+to_meter') ? '' : ' m';
}

function trim(n: number): string {
  return Number(n.toPrecision(6)).toString();
}

/** A date and time as "25 Nov 2026, 10:34" (the ISO text itself when it is not a date). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
