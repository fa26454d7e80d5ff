"""scikit-learn side of `npm run bench dapm`: the loop a data scientist would
write for the DAPM training step. Reads the sample use case's training rows
(CSV exported by the bench from the same extract the pipeline trained on),
and for each part, in date order, holds out the last 20 % of rows, fits the
three families the pipeline trains (linear regression, histogram gradient
boosting with 50 rounds of depth 4 and 32 bins, a random forest of 30 trees
of depth 8 with leaves of 3 rows or more) and predicts the held-out rows.
Prints one JSON object with wall and CPU seconds of the training loop
(reading the CSV is not counted).

usage: sklearn_loop.py <rows.csv> <target> <feature,feature,...>
Run with OMP_NUM_THREADS=1 for a one-core figure.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import sklearn

from dapm_models import dapm_models


def main():
    path, target, features = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    frame = pd.read_csv(path).dropna(subset=features + [target])
    frame = frame.sort_values(["part_name", "date"])
    groups = [
        (g[features].to_numpy(dtype=np.float64), g[target].to_numpy(dtype=np.float64))
        for _, g in frame.groupby("part_name", sort=True)
    ]
    start, start_cpu = time.perf_counter(), time.process_time()
    for x, y in groups:
        cut = len(y) - int(np.ceil(0.2 * len(y)))
        for model in dapm_models():
            model.fit(x[:cut], y[:cut]).predict(x[cut:])
    print(
        json.dumps(
            {
                "version": sklearn.__version__,
                "seconds": time.perf_counter() - start,
                "cpu_seconds": time.process_time() - start_cpu,
                "partitions": len(groups),
                "rows": int(len(frame)),
            }
        )
    )


if __name__ == "__main__":
    main()
