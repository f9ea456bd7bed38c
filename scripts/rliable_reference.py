"""Prints rliable 1.2.0's point estimates and percentile-bootstrap intervals for the score matrices in a cases file.

Run:  $QSWEEP_VENV/bin/python scripts/rliable_reference.py src/test/resources/rliable/cases.json [--reps 2000] [--seed 0]
(bin/setup-venv installs rliable and pandas<3 from scripts/requirements-test.txt). RliableReferenceTest runs it and
compares the Java statistics (dev.qsweep.report.stats) with its output.

Output (stdout, one JSON object): {"rliable": version, "reps": R, "confidence": C, "cases": {case: {
  "estimators": {group: {estimator: [estimate, low, high]}},
  "improvement": {"x|y": [estimate, low, high]} for each pair [x, y] the case lists under "pairs",
  "profile": {group: [[estimate, low, high] for each tau]}}}}
rliable's StratifiedBootstrap draws from numpy's global generator, so np.random.seed is set before every interval.
"""
import argparse
import importlib.metadata
import json

import numpy as np
from rliable import library, metrics

CONFIDENCE = 0.95
ESTIMATORS = {
    "mean": metrics.aggregate_mean,
    "median": metrics.aggregate_median,
    "iqm": metrics.aggregate_iqm,
    "optimality_gap": metrics.aggregate_optimality_gap,
}


def interval(score_dict, func, reps, seed):
    np.random.seed(seed)
    points, intervals = library.get_interval_estimates(score_dict, func, reps=reps, confidence_interval_size=CONFIDENCE)
    (key,) = score_dict
    return np.asarray(points[key]), np.asarray(intervals[key])


def triple(point, bounds, i=0):
    return [float(np.ravel(point)[i]), float(bounds[0][i]), float(bounds[1][i])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases")
    parser.add_argument("--reps", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with open(args.cases) as f:
        cases = json.load(f)["cases"]
    out = {"rliable": importlib.metadata.version("rliable"), "reps": args.reps, "confidence": CONFIDENCE, "cases": {}}
    for case in cases:
        groups = {name: np.asarray(rows, dtype=float) for name, rows in case["groups"].items()}
        taus = np.asarray(case["taus"], dtype=float)
        estimators = {}
        for name, scores in groups.items():
            estimators[name] = {}
            for est, func in ESTIMATORS.items():
                point, bounds = interval({name: scores}, lambda x, func=func: np.array([func(x)]), args.reps, args.seed)
                estimators[name][est] = triple(point, bounds)
        improvement = {}
        for x, y in case["pairs"]:
            point, bounds = interval({x + "|" + y: [groups[x], groups[y]]},
                                     lambda a, b: np.array([metrics.probability_of_improvement(a, b)]),
                                     args.reps, args.seed)
            improvement[x + "|" + y] = triple(point, bounds)
        profile = {}
        for name, scores in groups.items():
            np.random.seed(args.seed)
            points, bands = library.create_performance_profile({name: scores}, taus, reps=args.reps,
                                                               confidence_interval_size=CONFIDENCE)
            profile[name] = [triple(points[name], bands[name], i) for i in range(len(taus))]
        out["cases"][case["name"]] = {"estimators": estimators, "improvement": improvement, "profile": profile}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
