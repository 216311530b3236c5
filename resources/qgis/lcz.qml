<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
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
        <paletteEntry value="1" color="#8c0000" label="LCZ 1 Compact high-rise" alpha="255"/>
        <paletteEntry value="2" color="#d10000" label="LCZ 2 Compact mid-rise" alpha="255"/>
        <paletteEntry value="3" color="#ff0000" label="LCZ 3 Compact low-rise" alpha="255"/>
        <paletteEntry value="4" color="#bf4d00" label="LCZ 4 Open high-rise" alpha="255"/>
        <paletteEntry value="5" color="#ff6600" label="LCZ 5 Open mid-rise" alpha="255"/>
        <paletteEntry value="6" color="#ff9955" label="LCZ 6 Open low-rise" alpha="255"/>
        <paletteEntry value="7" color="#faee05" label="LCZ 7 Lightweight low-rise" alpha="255"/>
        <paletteEntry value="8" color="#bcbcbc" label="LCZ 8 Large low-rise" alpha="255"/>
        <paletteEntry value="9" color="#ffccaa" label="LCZ 9 Sparsely built" alpha="255"/>
        <paletteEntry value="10" color="#555555" label="LCZ 10 Heavy industry" alpha="255"/>
        <paletteEntry value="11" color="#006a00" label="LCZ A Dense trees" alpha="255"/>
        <paletteEntry value="12" color="#00aa00" label="LCZ B Scattered trees" alpha="255"/>
        <paletteEntry value="13" color="#648525" label="LCZ C Bush, scrub" alpha="255"/>
        <paletteEntry value="14" color="#b9db79" label="LCZ D Low plants" alpha="255"/>
        <paletteEntry value="15" color="#000000" label="LCZ E Bare rock or paved" alpha="255"/>
        <paletteEntry value="16" color="#fbf7ae" label="LCZ F Bare soil or sand" alpha="255"/>
        <paletteEntry value="17" color="#6a6aff" label="LCZ G Water" alpha="255"/>
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
