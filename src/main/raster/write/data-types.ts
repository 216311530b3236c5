/**
 * The sample types our GeoTIFF writer supports, by GDAL's names, with what TIFF needs to describe them
 * (BitsPerSample, SampleFormat) and the typed array that carries their values.
 */
export type RasterDataType = 'Byte' | 'UInt16' | 'Int16' | 'UInt32' | 'Int32' | 'Float32' | 'Float64';

export type BandArray = Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

type BandArrayConstructor =
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

export interface DataTypeInfo {
  name: RasterDataType;
  bytes: 1 | 2 | 4 | 8;
  /** TIFF SampleFormat: 1 unsigned integer, 2 signed integer, 3 IEEE float. */
  sampleFormat: 1 | 2 | 3;
  array: BandArrayConstructor;
  /** Smallest and largest value the type holds (for checking nodata). */
  min: number;
  max: number;
}

export const DATA_TYPES: Readonly<Record<RasterDataType, DataTypeInfo>> = {
  Byte: { name: 'Byte', bytes: 1, sampleFormat: 1, array: Uint8Array, min: 0, max: 255 },
  UInt16: { name: 'UInt16', bytes: 2, sampleFormat: 1, array: Uint16Array, min: 0, max: 65535 },
  Int16: { name: 'Int16', bytes: 2, sampleFormat: 2, array: Int16Array, min: -32768, max: 32767 },
  UInt32: { name: 'UInt32', bytes: 4, sampleFormat: 1, array: Uint32Array, min: 0, max: 4294967295 },
  Int32: { name: 'Int32', bytes: 4, sampleFormat: 2, array: Int32Array, min: -2147483648, max: 2147483647 },
  Float32: { name: 'Float32', bytes: 4, sampleFormat: 3, array: Float32Array, min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
  Float64: { name: 'Float64', bytes: 8, sampleFormat: 3, array: Float64Array, min: -Number.MAX_VALUE, max: Number.MAX_VALUE },
};

export const isFloatType = (t: DataTypeInfo): boolean => t.sampleFormat === 3;

/**
 * Band values must come in the array type of the raster's data type: silently converting a Float64Array into
 * UInt16 would round and clip values without anyone noticing.
 */
export function checkBandArray(values: BandArray, type: DataTypeInfo, band: number): void {
  const ok = values instanceof type.array || (type.name === 'Byte' && (values as unknown) instanceof Uint8ClampedArray);
  if (!ok) throw new Error(`band ${band + 1} is a ${values.constructor.name}; a ${type.name} raster takes a ${type.array.name}`);
}

/** The bytes of a typed array (little-endian on every platform Node runs on). */
export function bytesOf(values: BandArray): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
