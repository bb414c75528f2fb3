#!/usr/bin/python3
"""The speed regression gate: a Google Benchmark run against a baseline.

Absolute times drift between machines and hours, so every repetition's
time is divided by the median of a yardstick from the same run, a fixed
scan with no core code: BM_Calibration/llc (a buffer as large as the
last-level cache) for a search whose bytes_read counter exceeds a quarter
of the last-level cache Google Benchmark reports, since such a search
stays in that cache or spills to memory as a neighbour lets it, and so
does the yardstick; BM_Calibration/cache
(1 MiB) for every other.  A benchmark regresses when its normalised
median grows by more than --threshold (default 10%) AND a one-sided
Mann-Whitney U test over the normalised repetitions agrees (p < --alpha,
default 0.05).  Exit status 1 on any regression, 0 else; --regressed
FILE writes the regressed benchmarks' names, regex metacharacters
escaped, one a line, so that ci/bench.sh can run them again.

Usage: bench/gate.py BASELINE.json CONTENDER.json [--threshold 0.10]
"""
import argparse
import json
import re
import statistics
import sys

from scipy.stats import mannwhitneyu

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


YARDSTICKS = ("BM_Calibration/cache", "BM_Calibration/llc")


def load(path):
    """Each benchmark's repetition times (ns), each search's bytes read,
    the yardsticks' medians, and the last-level cache size."""
    with open(path) as f:
        doc = json.load(f)
    llc = max((c["size"] for c in doc["context"].get("caches", [])), default=32 << 20)
    runs, read = {}, {}
    for b in doc["benchmarks"]:
        if b.get("run_type") == "iteration" and not b.get("error_occurred"):
            runs.setdefault(b["run_name"], []).append(b["real_time"] * UNIT_NS[b["time_unit"]])
            read[b["run_name"]] = b.get("bytes_read", 0)
    missing = [y for y in YARDSTICKS if y not in runs]
    if missing:
        sys.exit("%s: no %s run to normalise by" % (path, ", ".join(missing)))
    yard = {y: statistics.median(runs.pop(y)) for y in YARDSTICKS}
    runs = {k: v for k, v in runs.items() if not k.startswith("BM_TimerFloor")}
    return runs, read, yard, llc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("baseline")
    ap.add_argument("contender")
    ap.add_argument("--threshold", type=float, default=0.10)
    ap.add_argument("--alpha", type=float, default=0.05)
    ap.add_argument("--regressed", help="write the regressed benchmarks' names here")
    args = ap.parse_args()
    base, read, base_yard, llc = load(args.baseline)
    new, _, new_yard, _ = load(args.contender)
    common = sorted(set(base) & set(new))
    if not common:
        sys.exit("no benchmark in both runs")
    regressed = []
    print("%-78s %6s %9s %8s  %s" % ("benchmark", "by", "change", "p", ""))
    for name in common:
        # the baseline's reads pick the yardstick, the same for both runs
        y = YARDSTICKS[1] if read[name] > llc / 4 else YARDSTICKS[0]
        yard = y.split("/")[1]
        b = [t / base_yard[y] for t in base[name]]
        n = [t / new_yard[y] for t in new[name]]
        change = statistics.median(n) / statistics.median(b) - 1
        p = mannwhitneyu(n, b, alternative="greater").pvalue if len(b) > 1 and len(n) > 1 else 1
        bad = change > args.threshold and p < args.alpha
        if bad:
            regressed.append(name)
        print("%-78s %6s %+8.1f%% %8.4f  %s" % (name[:78], yard, 100 * change, p,
                                                  "REGRESSION" if bad else ""))
    missing = sorted(set(base) - set(new))
    if missing:
        print("%d baseline benchmarks not in this run (not judged)" % len(missing))
    print("gate: %d of %d benchmarks regressed by more than %.0f%% (U test p < %.2f)" %
          (len(regressed), len(common), 100 * args.threshold, args.alpha))
    if args.regressed:
        with open(args.regressed, "w") as f:
            # the name to filter on: without the /manual_time suffix
            f.writelines(re.sub(r"([.^$|?*+()\[\]{}\\])", r"\\\1", n.removesuffix("/manual_time"))
                         + "\n" for n in regressed)
    return 1 if regressed else 0


if __name__ == "__main__":
    sys.exit(main())
