"""scikit-learn reference figures for modelmill's ml parity tests and bench.

Reads one JSON request on stdin and writes one JSON answer on stdout:
  {"datasets": {name: {"X": [[...]], "y": [...]}},
   "fits": [{"id", "dataset", "train": [row...], "test": [row...],
             "task": "regression"|"classification",
             "estimator": sklearn class name, "params": {...}, "scale": bool}],
   "metrics": [{"id", "task", "y_true": [...], "y_pred": [...],
                "proba": [[...]] | null, "classes": [...] | null}]}
Answer: {"fits": {id: {"metrics": {metric: value}, "y_pred": [...], "proba": [[...]] | null,
                       "classes": [...] | null, "fit_seconds": s}},
         "metrics": {id: {metric: value}}, "version": sklearn version}.
Run with Debian's /usr/bin/python3 (python3-sklearn).
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn import metrics as skm
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ESTIMATORS = {c.__name__: c for c in (
    HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestClassifier,
    RandomForestRegressor, LinearRegression, LogisticRegression, Ridge, GaussianNB)}


def score(task, y_true, y_pred, proba=None, classes=None):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if task == "regression":
        return {"rmse": float(np.sqrt(skm.mean_squared_error(y_true, y_pred))),
                "mae": float(skm.mean_absolute_error(y_true, y_pred)),
                "mape": float(skm.mean_absolute_percentage_error(y_true, y_pred)),
                "r2": float(skm.r2_score(y_true, y_pred))}
    labels = np.unique(np.concatenate([y_true, y_pred]))
    if len(labels) == 2:
        avg = {"average": "binary", "pos_label": labels[1]}
    else:
        avg = {"average": "macro"}
    out = {"accuracy": float(skm.accuracy_score(y_true, y_pred)),
           "precision": float(skm.precision_score(y_true, y_pred, zero_division=0, **avg)),
           "recall": float(skm.recall_score(y_true, y_pred, zero_division=0, **avg)),
           "f1": float(skm.f1_score(y_true, y_pred, zero_division=0, **avg))}
    if proba is not None:
        proba = np.asarray(proba, dtype=float)
        classes = np.asarray(classes, dtype=float)
        if len(classes) == 2:
            out["roc_auc"] = float(skm.roc_auc_score(y_true == classes[1], proba[:, 1]))
        else:
            out["roc_auc"] = float(skm.roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=classes))
        out["log_loss"] = float(skm.log_loss(y_true, proba, labels=classes))
    return out


def fit(spec, datasets):
    data = datasets[spec["dataset"]]
    X = np.asarray(data["X"], dtype=float)
    y = np.asarray(data["y"], dtype=float)
    train, test = np.asarray(spec["train"]), np.asarray(spec["test"])
    est = ESTIMATORS[spec["estimator"]](**spec.get("params", {}))
    if spec.get("scale"):
        est = make_pipeline(StandardScaler(), est)
    start = time.perf_counter()
    est.fit(X[train], y[train])
    seconds = time.perf_counter() - start
    pred = est.predict(X[test])
    out = {"y_pred": pred.tolist(), "proba": None, "classes": None, "fit_seconds": seconds}
    if spec["task"] == "classification":
        proba = est.predict_proba(X[test])
        out.update(proba=proba.tolist(), classes=est.classes_.tolist(),
                   metrics=score("classification", y[test], pred, proba, est.classes_))
    else:
        out["metrics"] = score("regression", y[test], pred)
    return out


def main():
    request = json.load(sys.stdin)
    datasets = request.get("datasets", {})
    answer = {"version": sklearn.__version__, "fits": {}, "metrics": {}}
    for spec in request.get("fits", []):
        answer["fits"][spec["id"]] = fit(spec, datasets)
    for spec in request.get("metrics", []):
        answer["metrics"][spec["id"]] = score(spec["task"], spec["y_true"], spec["y_pred"],
                                              spec.get("proba"), spec.get("classes"))
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
