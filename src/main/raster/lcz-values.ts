import type { TypedArray } from 'geotiff';
import { UserError } from '../../shared/errors';

/** Distinct bad values remembered for the error message; more are only counted. */
const MAX_DISTINCT = 1000;

function bump(counts: Map<number, number>, value: number): void {
  const seen = counts.get(value);
  if (seen !== undefined) counts.set(value, seen + 1);
  else if (counts.size < MAX_DISTINCT) counts.set(value, 1);
}

const formatCount = (n: number): string => `${n.toLocaleString('en-US')} cell${n === 1 ? '' : 's'}`;

/**
 * Turns source values into LCZ classes, whatever the data type: the value counts, not the type.
 * nodata (declared), 0 and NaN -> 0; 1..17 kept; legacy 101..107 -> 11..17; anything else is remembered
 * so the whole file can be judged (and reported) once it has been read.
 */
export class LczValueMapper {
  legacyCells = 0;
  nanCells = 0;
  validCells = 0;
  readonly nonInteger = new Map<number, number>();
  nonIntegerCells = 0;
  readonly outside = new Map<number, number>();
  outsideCells = 0;
  private readonly nodata: number | null;

  constructor(nodata: number | null, dtype: string) {
    // Float32 pixels are compared with the nodata value rounded to float32, as GDAL does.
    this.nodata = nodata !== null && dtype === 'Float32' ? Math.fround(nodata) : nodata;
  }

  /** Maps src into dst starting at dst[offset]. */
  map(src: TypedArray, dst: Uint8Array, offset: number): void {
    const nodata = this.nodata;
    const nodataIsNaN = nodata !== null && Number.isNaN(nodata);
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      let c = 0;
      if (v === nodata || v === 0) c = 0;
      else if (v !== v) {
        if (!nodataIsNaN) this.nanCells++;
      } else if (v >= 1 && v <= 17 && Math.floor(v) === v) c = v;
      else if (v >= 101 && v <= 107 && Math.floor(v) === v) {
        c = v - 90;
        this.legacyCells++;
      } else if (!Number.isInteger(v)) {
        bump(this.nonInteger, v);
        this.nonIntegerCells++;
      } else {
        bump(this.outside, v);
        this.outsideCells++;
      }
      if (c !== 0) this.validCells++;
      dst[offset + i] = c;
    }
  }

  /** Throws the UserError that explains why the file is not an LCZ map, if it is not. */
  check(path: string): void {
    if (this.nonIntegerCells > 0) {
      const examples = [...this.nonInteger.keys()].slice(0, 5).map((v) => String(Math.round(v * 1e4) / 1e4));
      throw new UserError(
        `holds non-integer values (e.g. ${examples.join(', ')}) in ${formatCount(this.nonIntegerCells)}; ` +
          'an LCZ map holds whole class numbers 1-17 (is this a probability or a continuous raster?)',
        path,
      );
    }
    if (this.outsideCells > 0) {
      const sorted = [...this.outside.entries()].sort((a, b) => a[0] - b[0]);
      const shown = sorted.slice(0, 8).map(([v, n]) => `${v} (${formatCount(n)})`);
      const more = sorted.length > 8 ? `, and ${sorted.length - 8} more values` : '';
      throw new UserError(
        `has values outside 1-17 that are neither nodata nor legacy codes 101-107: ${shown.join(', ')}${more}; ` +
          `${formatCount(this.outsideCells)} in all. If one of them marks no data, declare it as the nodata value ` +
          '(gdal_edit.py -a_nodata VALUE) and open the map again.',
        path,
      );
    }
    if (this.validCells === 0) throw new UserError('has no LCZ cells: every cell is nodata', path);
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.legacyCells > 0) notes.push(`Legacy codes 101-107 were read as LCZ A-G (11-17) in ${formatCount(this.legacyCells)}.`);
    if (this.nanCells > 0) notes.push(`${formatCount(this.nanCells)} holding NaN were read as no data.`);
    return notes;
  }
}
