/**
 * GDAL's private TIFF tags: GDAL_METADATA (an XML list of dataset and band items, where band descriptions live
 * as role="description") and GDAL_NODATA (the nodata value as text).
 */
export interface GdalMetadataInput {
  metadata?: Readonly<Record<string, string>>;
  bandDescriptions?: readonly string[];
  bandMetadata?: readonly Readonly<Record<string, string>>[];
  /** GDAL's scale and offset per band (value = stored x scale + offset): QGIS and GDAL's unscaling read them. */
  bandScales?: readonly { scale: number; offset: number }[];
}

/**
 * The GDAL_METADATA XML, or undefined when there is nothing to say. Values are escaped twice, as GDAL writes
 * them (it escapes each value, then its XML writer escapes the text again) and so unescapes them on reading:
 * escaped once, "B12 & more" would read back as "B12 ". Item names are escaped once, as GDAL does.
 */
export function gdalMetadataXml(input: GdalMetadataInput): string | undefined {
  const lines = Object.entries(input.metadata ?? {}).map(([k, v]) => `  <Item name="${escape(k)}">${xml(v)}</Item>`);
  input.bandMetadata?.forEach((items, band) => {
    for (const [k, v] of Object.entries(items)) lines.push(`  <Item name="${escape(k)}" sample="${band}">${xml(v)}</Item>`);
  });
  input.bandDescriptions?.forEach((text, band) => {
    if (text) lines.push(`  <Item name="DESCRIPTION" sample="${band}" role="description">${xml(text)}</Item>`);
  });
  input.bandScales?.forEach(({ scale, offset }, band) => {
    lines.push(`  <Item name="OFFSET" sample="${band}" role="offset">${offset}</Item>`);
    lines.push(`  <Item name="SCALE" sample="${band}" role="scale">${scale}</Item>`);
  });
  return lines.length ? `<GDALMetadata>\n${lines.join('\n')}\n</GDALMetadata>` : undefined;
}

/** GDAL_NODATA as GDAL spells it: "nan", "inf", "-inf" or the number. */
export function gdalNodataText(nodata: number): string {
  if (Number.isNaN(nodata)) return 'nan';
  if (nodata === Number.POSITIVE_INFINITY) return 'inf';
  if (nodata === Number.NEGATIVE_INFINITY) return '-inf';
  // The shortest text that reads back as the same double.
  return String(nodata);
}

function xml(s: string): string {
  return escape(escape(s));
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
