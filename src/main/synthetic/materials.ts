/**
 * Surface reflectance spectra (0-1) of the materials the synthetic scene is made of, in So2Sat LCZ42's band order
 * B2, B3, B4, B5, B6, B7, B8, B8A, B11, B12 (490, 560, 665, 705, 740, 783, 842, 865, 1610, 2190 nm). Values are
 * typical of published spectral libraries (USGS, ECOSTRESS) resampled to Sentinel-2: vegetation has a low red,
 * a steep red edge and a high NIR; water falls to almost nothing in the NIR and SWIR; soils rise towards the SWIR;
 * roofs and pavements are flat and grey with their own level.
 */
export const BAND_COUNT = 10;

export const M = {
  asphalt: 0,
  concrete: 1,
  roofTile: 2,
  roofDark: 3,
  roofMetal: 4,
  roofWhite: 5,
  roofGravel: 6,
  roofRust: 7,
  grass: 8,
  tree: 9,
  conifer: 10,
  shrub: 11,
  dryGrass: 12,
  crop: 13,
  soil: 14,
  soilDark: 15,
  sand: 16,
  rock: 17,
  gravel: 18,
  water: 19,
  waterTurbid: 20,
  coal: 21,
} as const;

//                 B2     B3     B4     B5     B6     B7     B8     B8A    B11    B12
const TABLE: readonly (readonly number[])[] = [
  /* asphalt    */ [0.065, 0.075, 0.085, 0.092, 0.098, 0.103, 0.108, 0.112, 0.130, 0.120],
  /* concrete   */ [0.170, 0.195, 0.215, 0.230, 0.240, 0.248, 0.255, 0.262, 0.290, 0.265],
  /* roofTile   */ [0.060, 0.075, 0.150, 0.205, 0.240, 0.260, 0.275, 0.285, 0.340, 0.290],
  /* roofDark   */ [0.055, 0.060, 0.064, 0.068, 0.072, 0.075, 0.078, 0.080, 0.090, 0.082],
  /* roofMetal  */ [0.230, 0.245, 0.250, 0.252, 0.254, 0.256, 0.258, 0.260, 0.210, 0.170],
  /* roofWhite  */ [0.380, 0.410, 0.425, 0.430, 0.432, 0.435, 0.438, 0.440, 0.400, 0.330],
  /* roofGravel */ [0.120, 0.140, 0.155, 0.165, 0.172, 0.178, 0.184, 0.188, 0.215, 0.195],
  /* roofRust   */ [0.070, 0.085, 0.130, 0.170, 0.195, 0.210, 0.222, 0.230, 0.280, 0.240],
  /* grass      */ [0.035, 0.075, 0.045, 0.115, 0.285, 0.350, 0.375, 0.390, 0.230, 0.120],
  /* tree       */ [0.025, 0.050, 0.030, 0.080, 0.230, 0.290, 0.310, 0.320, 0.155, 0.075],
  /* conifer    */ [0.018, 0.036, 0.022, 0.058, 0.150, 0.190, 0.205, 0.212, 0.105, 0.050],
  /* shrub      */ [0.040, 0.065, 0.060, 0.105, 0.200, 0.240, 0.255, 0.265, 0.235, 0.140],
  /* dryGrass   */ [0.065, 0.095, 0.115, 0.155, 0.205, 0.235, 0.250, 0.262, 0.310, 0.215],
  /* crop       */ [0.030, 0.070, 0.035, 0.110, 0.320, 0.410, 0.440, 0.455, 0.240, 0.115],
  /* soil       */ [0.080, 0.110, 0.150, 0.180, 0.205, 0.222, 0.238, 0.248, 0.330, 0.285],
  /* soilDark   */ [0.045, 0.065, 0.085, 0.105, 0.120, 0.130, 0.140, 0.147, 0.215, 0.180],
  /* sand       */ [0.150, 0.200, 0.260, 0.290, 0.310, 0.325, 0.340, 0.350, 0.420, 0.360],
  /* rock       */ [0.140, 0.165, 0.190, 0.205, 0.215, 0.225, 0.235, 0.240, 0.280, 0.250],
  /* gravel     */ [0.110, 0.125, 0.140, 0.150, 0.158, 0.165, 0.172, 0.177, 0.205, 0.185],
  /* water      */ [0.045, 0.055, 0.030, 0.020, 0.012, 0.010, 0.008, 0.007, 0.004, 0.003],
  /* waterTurb. */ [0.055, 0.075, 0.060, 0.050, 0.025, 0.020, 0.017, 0.015, 0.006, 0.004],
  /* coal       */ [0.035, 0.038, 0.040, 0.042, 0.044, 0.046, 0.048, 0.050, 0.055, 0.050],
];

/** Material m's reflectance in band b is SPECTRA[m * BAND_COUNT + b]. */
export const SPECTRA = Float64Array.from(TABLE.flat());

/**
 * What a shadow leaves of the direct light, per band: shade is lit by the sky alone, which is blue-rich, so the
 * blue keeps more than the SWIR.
 */
export const SHADOW_KEEPS = Float64Array.from([0.36, 0.3, 0.26, 0.24, 0.22, 0.21, 0.2, 0.2, 0.17, 0.16]);

/** Residual haze (path radiance not removed by atmospheric correction) at full strength, per band. */
export const HAZE = Float64Array.from([0.012, 0.009, 0.006, 0.005, 0.004, 0.0035, 0.003, 0.003, 0.001, 0.0005]);
