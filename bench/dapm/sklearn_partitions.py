"""scikit-learn side of `npm run bench dapm-train`: trains the same three
families as the DAPM training job (linear regression, histogram gradient
boosting with 50 rounds of depth 4 and 32 bins, a random forest of 30 trees of depth 8)
on every partition of the bench, holding out the last 20 % of rows (the rows
are in date order), and predicts the held-out rows. Reads raw float64 files;
prints one JSON object with wall and CPU seconds over all partitions.

usage: sklearn_partitions.py <work dir> <partitions> <rows per partition> <cols>
Run with OMP_NUM_THREADS=1 for a one-core comparison.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn

from dapm_models import dapm_models


def main():
    work, parts, rows, cols = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    X = np.fromfile(os.path.join(work, "x.f64"), dtype="<f8").reshape(parts, rows, cols)
    Y = np.fromfile(os.path.join(work, "y.f64"), dtype="<f8").reshape(parts, rows)
    cut = rows - int(np.ceil(0.2 * rows))
    start, start_cpu = time.perf_counter(), time.process_time()
    for p in range(parts):
        x, y = X[p], Y[p]
        for model in dapm_models():
            model.fit(x[:cut], y[:cut]).predict(x[cut:])
    out = {
        "version": sklearn.__version__,
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - start_cpu,
        "partitions": parts,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
