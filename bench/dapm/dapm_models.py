"""The three scikit-learn families the DAPM benchmarks hold the training job
to, with the job's hyperparameters: linear regression, histogram gradient
boosting (50 rounds of depth 4 on 32 bins) and a random forest (30 trees of
depth 8, leaves of 3 rows or more), each one thread."""
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import LinearRegression


def dapm_models():
    """Fresh, unfitted models of the three families."""
    return [
        LinearRegression(),
        HistGradientBoostingRegressor(
            max_iter=50, max_depth=4, max_bins=32, early_stopping=False, random_state=0
        ),
        RandomForestRegressor(
            n_estimators=30, max_depth=8, min_samples_leaf=3, n_jobs=1, random_state=0
        ),
    ]
