"""scikit-learn's random forest on the same cell features and the same polygon splits as LCZ Studio's bootstrap.

Reads from a folder: x.bin (labelled cells x features, float32), y.bin (LCZ value per cell, uint8), owner.bin (the
training area of each cell, int32), meta.json ({"features": F, "trees": T, "maxDepth": D or null, "splits": [[area
index, ...] per run]}), and optionally grid.bin (every mapped cell's features, float32: the final map's prediction).
Prints JSON: per run the OA on the held-out polygons' cells, and the seconds spent fitting and predicting.
Single-threaded (n_jobs=1), as LCZ Studio's forest is.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier

folder = sys.argv[1]
meta = json.load(open(os.path.join(folder, "meta.json")))
F = meta["features"]
x = np.fromfile(os.path.join(folder, "x.bin"), dtype=np.float32).reshape(-1, F)
y = np.fromfile(os.path.join(folder, "y.bin"), dtype=np.uint8)
owner = np.fromfile(os.path.join(folder, "owner.bin"), dtype=np.int32)
fit = predict = 0.0
oa = []
for run, train_areas in enumerate(meta["splits"]):
    train = np.isin(owner, np.array(train_areas, dtype=np.int32))
    forest = RandomForestClassifier(n_estimators=meta["trees"], max_depth=meta["maxDepth"], n_jobs=1, random_state=run)
    t = time.perf_counter()
    forest.fit(x[train], y[train])
    fit += time.perf_counter() - t
    t = time.perf_counter()
    p = forest.predict(x[~train])
    predict += time.perf_counter() - t
    oa.append(float((p == y[~train]).mean()))
out = {"oa": oa, "fitSeconds": fit, "predictSeconds": predict}
grid = os.path.join(folder, "grid.bin")
if os.path.exists(grid):
    cells = np.fromfile(grid, dtype=np.float32).reshape(-1, F)
    forest = RandomForestClassifier(n_estimators=meta["trees"], max_depth=meta["maxDepth"], n_jobs=1, random_state=0)
    t = time.perf_counter()
    forest.fit(x, y)
    out["finalFitSeconds"] = time.perf_counter() - t
    t = time.perf_counter()
    forest.predict_proba(cells)
    out["mapSeconds"] = time.perf_counter() - t
print(json.dumps(out))
