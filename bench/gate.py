#!/usr/bin/python3
"""The speed regression gate: a Google Benchmark run against a baseline.

Absolute times drift between machines and hours, so every repetition's
time is divided by the median of BM_Calibration (a fixed scan over a
buffer, no core code) from the same run.  A benchmark regresses when its
normalised median grows by more than --threshold (default 10%) AND a
one-sided Mann-Whitney U test over the normalised repetitions agrees
(p < --alpha, default 0.05).  Exit status 1 on any regression, 0 else.

Usage: bench/gate.py BASELINE.json CONTENDER.json [--threshold 0.10]
"""
import argparse
import json
import statistics
import sys

from scipy.stats import mannwhitneyu

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def repetitions(path):
    with open(path) as f:
        doc = json.load(f)
    runs = {}
    for b in doc["benchmarks"]:
        if b.get("run_type") == "iteration" and not b.get("error_occurred"):
            runs.setdefault(b["run_name"], []).append(b["real_time"] * UNIT_NS[b["time_unit"]])
    cal = [v for k, v in runs.items() if k.startswith("BM_Calibration")]
    if not cal:
        sys.exit("%s: no BM_Calibration run to normalise by" % path)
    yardstick = statistics.median(cal[0])
    return {k: [t / yardstick for t in v] for k, v in runs.items()
            if not k.startswith(("BM_Calibration", "BM_TimerFloor"))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("baseline")
    ap.add_argument("contender")
    ap.add_argument("--threshold", type=float, default=0.10)
    ap.add_argument("--alpha", type=float, default=0.05)
    args = ap.parse_args()
    base, new = repetitions(args.baseline), repetitions(args.contender)
    common = sorted(set(base) & set(new))
    if not common:
        sys.exit("no benchmark in both runs")
    regressions = 0
    print("%-78s %9s %8s  %s" % ("benchmark (normalised by BM_Calibration)", "change", "p", ""))
    for name in common:
        b, n = base[name], new[name]
        change = statistics.median(n) / statistics.median(b) - 1
        p = mannwhitneyu(n, b, alternative="greater").pvalue if len(b) > 1 and len(n) > 1 else 1
        bad = change > args.threshold and p < args.alpha
        regressions += bad
        print("%-78s %+8.1f%% %8.4f  %s" % (name[:78], 100 * change, p,
                                             "REGRESSION" if bad else ""))
    missing = sorted(set(base) - set(new))
    if missing:
        print("%d baseline benchmarks not in this run (not judged)" % len(missing))
    print("gate: %d of %d benchmarks regressed by more than %.0f%% (U test p < %.2f)" %
          (regressions, len(common), 100 * args.threshold, args.alpha))
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
