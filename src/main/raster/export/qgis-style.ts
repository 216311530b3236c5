/**
 * The QGIS style (.qml) written beside an LCZ map: a paletted renderer with the 17 standard colours and readable
 * labels. QGIS already shows the embedded colour table, but only with bare numbers as labels; loading this style
 * (QGIS picks up a .qml of the same name automatically) gives "LCZ 1 Compact high-rise" in the legend.
 */
import { LCZ_CLASSES } from '../../../shared/lcz-classes';

/** "LCZ 1 Compact high-rise", "LCZ A Dense trees". */
export function lczLabel(value: number): string {
  const c = LCZ_CLASSES[value - 1];
  if (!c) throw new Error(`no LCZ class has value ${value}`);
  return `LCZ ${c.code} ${c.name}`;
}

export function lczQgisStyle(): string {
  return palettedQgisStyle(LCZ_CLASSES.map((c) => ({ value: c.value, color: c.color, label: lczLabel(c.value) })));
}

/** A paletted style for any class raster: one entry per value with its colour ("#rrggbb") and legend label. */
export function palettedQgisStyle(palette: readonly { value: number; color: string; label: string }[]): string {
  const entries = palette.map((e) => `        <paletteEntry value="${e.value}" color="${e.color}" label="${escapeXml(e.label)}" alpha="255"/>`);
  // Nearest-neighbour resampling: classes must never be smoothed into colours no class has.
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0-Firenze" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" maxScale="0">
  <pipe>
    <provider>
      <resampling enabled="false" zoomedInResamplingMethod="nearestNeighbour" zoomedOutResamplingMethod="nearestNeighbour" maxOversampling="2"/>
    </provider>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <colorPalette>
${entries.join('\n')}
      </colorPalette>
      <colorramp name="[source]" type="randomcolors"/>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100" invertColors="0"/>
    <rasterresampler maxOversampling="2"/>
    <resamplingStage>resamplingFilter</resamplingStage>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
