"""scikit-learn side of `npm run bench ml`: times fit and predict of the
counterparts of modelmill's algorithms on the bench's synthetic data (raw
float64 files) and on the bundled datasets. Prints one JSON object.

usage: sklearn_bench.py <work dir> <rows> <cols> <sklearn data dir or ''>
Threads follow OMP_NUM_THREADS (the bench runs this script once per setting).
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def timed(fn, repeat, budget_s=0.0, max_repeat=None):
    """Best wall-clock and best CPU seconds (all threads) over `repeat` runs,
    or more while they take under `budget_s` in all, up to `max_repeat`."""
    wall, cpu = float("inf"), float("inf")
    begin, runs = time.perf_counter(), 0
    while runs < repeat or (runs < (max_repeat or repeat) and time.perf_counter() - begin < budget_s):
        runs += 1
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def bench(est, X, y, repeat):
    """Fit best of `repeat`; predict best of up to 20 within a second (as ml.bench.ts)."""
    fit_s, fit_cpu_s = timed(lambda: est.fit(X, y), repeat)
    predict_s, predict_cpu_s = timed(lambda: est.predict(X), repeat, 1.0, 20)
    return {"fit_s": fit_s, "fit_cpu_s": fit_cpu_s, "predict_s": predict_s,
            "predict_cpu_s": predict_cpu_s, "train_score": float(est.score(X, y))}


def main():
    work, rows, cols, data_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    X = np.fromfile(os.path.join(work, "x.f64"), dtype="<f8").reshape(rows, cols)
    y_reg = np.fromfile(os.path.join(work, "y_reg.f64"), dtype="<f8")
    y_bin = np.fromfile(os.path.join(work, "y_bin.f64"), dtype="<f8")
    hgb = {"max_iter": 100, "early_stopping": False, "random_state": 0}
    out = {"version": sklearn.__version__, "threads": os.environ.get("OMP_NUM_THREADS", "default")}
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    cases = {
        "lr": lambda: bench(LinearRegression(), X, y_reg, 3),
        "ridge": lambda: bench(Ridge(alpha=1.0), X, y_reg, 3),
        "logistic": lambda: bench(make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=100)), X, y_bin, 3),
        "nb": lambda: bench(GaussianNB(), X, y_bin, 3),
        "gbt_reg": lambda: bench(HistGradientBoostingRegressor(**hgb), X, y_reg, 2),
        "gbt_bin": lambda: bench(HistGradientBoostingClassifier(**hgb), X, y_bin, 2),
        "rf_bin": lambda: bench(RandomForestClassifier(n_estimators=20, max_depth=12, random_state=0), X, y_bin, 1),
    }
    for name, run in cases.items():
        if not only or name in only:
            out[name] = run()
    if data_dir and (not only or "digits" in only):
        digits = np.loadtxt(os.path.join(data_dir, "digits.csv.gz"), delimiter=",")
        Xd, yd = digits[:, :-1], digits[:, -1]
        out["digits_gbt"] = bench(HistGradientBoostingClassifier(**hgb), Xd, yd, 2)
        out["digits_logistic"] = bench(make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=100)), Xd, yd, 3)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
