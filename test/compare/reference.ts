/**
 * The comparison computed independently: GDAL's Python bindings read the maps, PROJ (osr) moves A's cell centres
 * into B's CRS, numpy cross-tabulates, scikit-learn scores (kappa, F1), scipy tests (McNemar: chi2, binomtest) and
 * measures (jensenshannon). Nothing here shares code with the engine.
 */
import { pythonJson } from '../helpers/python';

const SCRIPT = `
import sys, json
import numpy as np
from osgeo import gdal, osr
from sklearn.metrics import cohen_kappa_score, f1_score
from scipy import stats
from scipy.spatial.distance import jensenshannon

args = json.loads(sys.stdin.read())

def classes(path):
    ds = gdal.Open(path); band = ds.GetRasterBand(1)
    v = band.ReadAsArray().astype(np.float64); nd = band.GetNoDataValue()
    c = np.zeros(v.shape, np.int64)
    ok = ~np.isnan(v) if nd is None else (~np.isnan(v) & (v != nd))
    lcz = ok & (v >= 1) & (v <= 17); c[lcz] = v[lcz]
    legacy = ok & (v >= 101) & (v <= 107); c[legacy] = v[legacy] - 90
    return ds, c

def srs(ds):
    s = osr.SpatialReference(wkt=ds.GetProjectionRef()); s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER); return s

def locate(dsA, dsB):
    gt = dsA.GetGeoTransform(); w, h = dsA.RasterXSize, dsA.RasterYSize
    X, Y = np.meshgrid(gt[0] + (np.arange(w) + 0.5) * gt[1], gt[3] + (np.arange(h) + 0.5) * gt[5])
    sa, sb = srs(dsA), srs(dsB)
    if not sa.IsSame(sb):
        pts = np.array(osr.CoordinateTransformation(sa, sb).TransformPoints(np.column_stack([X.ravel(), Y.ravel()])))
        X, Y = pts[:, 0].reshape(X.shape), pts[:, 1].reshape(X.shape)
    g = dsB.GetGeoTransform()
    col = np.floor((X - g[0]) / g[1]).astype(np.int64); row = np.floor((Y - g[3]) / g[5]).astype(np.int64)
    inside = (col >= 0) & (col < dsB.RasterXSize) & (row >= 0) & (row < dsB.RasterYSize)
    return col, row, inside

def sample(where, values, fill):
    col, row, inside = where
    out = np.full(col.shape, fill, values.dtype); out[inside] = values[row[inside], col[inside]]; return out

dsA, A = classes(args['a'])
dsB, Bnative = classes(args['b'])
whereB = locate(dsA, dsB)
B = sample(whereB, Bnative, 0)
both = (A > 0) & (B > 0)
a, b = A[both], B[both]
tab = np.zeros((17, 17), np.int64); np.add.at(tab, (a - 1, b - 1), 1)
n = tab.sum(); p = tab / n
rows, cols, diag = p.sum(1), p.sum(0), np.diag(p)
gt = dsA.GetGeoTransform(); cell_km2 = abs(gt[1] * gt[5]) / 1e6
out = {
  'cells': {'a': int((A > 0).sum()), 'b': int((B > 0).sum()), 'compared': int(n)},
  'crossTab': tab.tolist(),
  'agreement': float(diag.sum()),
  'kappa': float(cohen_kappa_score(a, b)),
  'quantity': float(0.5 * np.abs(rows - cols).sum()),
  'allocation': float(0.5 * (2 * np.minimum(rows - diag, cols - diag)).sum()),
  'areaKm2': {'a': (tab.sum(1) * cell_km2).tolist(), 'b': (tab.sum(0) * cell_km2).tolist()},
  'f1': f1_score(a, b, labels=list(range(1, 18)), average=None, zero_division=0).tolist(),
  'present': [bool(tab[i, :].sum() + tab[:, i].sum() > 0) for i in range(17)],
}

if args.get('truth'):
    dsT, Tnative = classes(args['truth'])
    T = sample(locate(dsA, dsT), Tnative, 0)
    all3 = both & (T > 0)
    t, x, y = T[all3], A[all3], B[all3]
    def scores(m):
        return {'oa': float((m == t).mean()), 'kappa': float(cohen_kappa_score(t, m)), 'f1': f1_score(t, m, labels=list(range(1, 18)), average=None, zero_division=0).tolist()}
    nb = int(((x == t) & (y != t)).sum()); nc = int(((y == t) & (x != t)).sum())
    stat = (max(0, abs(nb - nc) - 1) ** 2) / (nb + nc) if nb + nc else 0.0
    pv = float(stats.chi2.sf(stat, 1)) if nb + nc >= 25 else float(stats.binomtest(min(nb, nc), nb + nc, 0.5).pvalue)
    out['truth'] = {'cells': int(all3.sum()), 'a': scores(x), 'b': scores(y)}
    out['mcnemar'] = {'b': nb, 'c': nc, 'statistic': stat, 'pValue': pv, 'method': 'chi-square' if nb + nc >= 25 else 'exact-binomial'}

if args.get('difference'):
    codes = np.full((17, 17), 255, np.int64)
    for pair in args['codes']: codes[pair['a'] - 1, pair['b'] - 1] = pair['code']
    expected = np.zeros(A.shape, np.int64)
    expected[both] = np.where(A[both] == B[both], 1, codes[A[both] - 1, B[both] - 1])
    got = gdal.Open(args['difference']).ReadAsArray()
    out['differenceMismatches'] = int((got != expected).sum())

if args.get('resultA'):
    def layers(d):
        return gdal.Open(d + '/probabilities.tif').ReadAsArray().astype(np.float64), gdal.Open(d + '/confidence.tif').ReadAsArray()[0].astype(np.float64)
    pa, ca = layers(args['resultA'])
    pbn, cbn = layers(args['resultB'])
    pb = np.stack([sample(whereB, band, 65535.0) for band in pbn]); cb = sample(whereB, cbn, 65535.0)
    agree = both & (A == B); dis = both & (A != B)
    def mean(v, m):
        m = m & (v != 65535)
        return float((v[m] / 1e4).mean()) if m.any() else None
    valid = both & np.all(pa != 65535, axis=0) & np.all(pb != 65535, axis=0)
    P, Q = pa[:, valid].T, pb[:, valid].T
    js = np.array([jensenshannon(p, q, base=2) ** 2 for p, q in zip(P, Q)])
    out['probabilities'] = {
      'confidence': {'a': {'agree': mean(ca, agree), 'disagree': mean(ca, dis)}, 'b': {'agree': mean(cb, agree), 'disagree': mean(cb, dis)}},
      'meanDivergence': float(js.mean()), 'divergenceCells': int(valid.sum()),
    }
    if args.get('divergence'):
        got = gdal.Open(args['divergence']).ReadAsArray().astype(np.int64)
        expected = np.full(A.shape, 65535, np.int64); expected[valid] = np.round(js * 1e4).astype(np.int64)
        out['divergenceMaxError'] = int(np.abs(got - expected).max())

print(json.dumps(out))
`;

export interface Reference {
  cells: { a: number; b: number; compared: number };
  crossTab: number[][];
  agreement: number;
  kappa: number;
  quantity: number;
  allocation: number;
  areaKm2: { a: number[]; b: number[] };
  f1: number[];
  present: boolean[];
  truth?: { cells: number; a: { oa: number; kappa: number; f1: number[] }; b: { oa: number; kappa: number; f1: number[] } };
  mcnemar?: { b: number; c: number; statistic: number; pValue: number; method: string };
  differenceMismatches?: number;
  probabilities?: {
    confidence: { a: { agree: number | null; disagree: number | null }; b: { agree: number | null; disagree: number | null } };
    meanDivergence: number;
    divergenceCells: number;
  };
  divergenceMaxError?: number;
}

export interface ReferenceArgs {
  a: string;
  b: string;
  truth?: string;
  /** difference.tif and its code table, to check cell by cell. */
  difference?: string;
  codes?: { code: number; a: number; b: number }[];
  /** Result folders (their probabilities.tif and confidence.tif), with divergence.tif to check cell by cell. */
  resultA?: string;
  resultB?: string;
  divergence?: string;
}

export function reference(args: ReferenceArgs): Reference {
  return pythonJson<Reference>(SCRIPT, JSON.stringify(args));
}
