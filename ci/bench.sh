#!/usr/bin/env bash
# The benchmark job: Google Benchmark, the latency histogram and hyperfine
# over the contiguous search, under every strategy, then a summary, plots
# and, with --compare, the regression gate.
#
#   ./ci/bench.sh [--quick] [--json FILE] [--compare BASELINE.json] [--out DIR]
#   ./ci/bench.sh --smoke     each benchmark family once on its smallest case
#                             (ci/test.sh: the build never rots; no timing
#                             is judged)
#
# --quick: 1 Mi pages only, every strategy, the no-fit and far cases and
# one case of each other layout (about 3 minutes on 2 cores).  Without it,
# every case (bench/cases.c) and the plots in bench/plots/.  Raw JSON
# (Google Benchmark with every repetition, bench_latency, hyperfine) and
# the summary go to --out (default build/bench-results/<quick|full>);
# --json copies the summary.  --compare runs Google Benchmark's
# compare.py for its U-test report, then bench/gate.py decides the exit
# status: 1 if a time normalised by its yardstick (BM_Calibration/cache
# or /llc, by the bytes the search reads) grew by more than 10%
# and the U test agrees.  Pinned to one CPU with taskset where it works.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh

mode=full json= compare= out=
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) mode=quick; shift ;;
	--smoke) mode=smoke; shift ;;
	--json) json=$2; shift 2 ;;
	--compare) compare=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "usage: $0 [--quick | --smoke] [--json FILE] [--compare BASELINE] [--out DIR]" >&2
	   exit 2 ;;
	esac
done
ensure_packages "${BUILD_PACKAGES[@]}" clang libbenchmark-dev libbenchmark-tools \
	python3-scipy hyperfine gnuplot-nox util-linux
# Debian's interpreter: the one python3-scipy installs into (another
# python3 may come first on PATH)
py=/usr/bin/python3
out=${out:-build/bench-results/$mode}
mkdir -p "$out"

echo "bench: building the bench preset (Release -O2, no sanitizers)" >&2
cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
bin=build/bench/bench

# one CPU, the same for every run, where the machine allows it
pin=()
if taskset -c 1 true 2>/dev/null; then
	pin=(taskset -c 1)
fi
# Between-run noise, made within-run noise that the U test sees: the
# repetitions of all benchmarks run interleaved in random order (each
# builds its machine again, so where its memory lands varies within a
# run as it does between runs), and glibc asks for transparent huge
# pages on every large allocation, so a 32 MiB descriptor array is not
# huge-page backed in one run and not in the next.
export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
# The full run takes 10 repetitions: its goals are judged over some fifty
# cases at once (Holm's correction, bench/summarize.py), which 5
# repetitions a side cannot pass even for a real difference.
interleave=(--benchmark_enable_random_interleaving=true)
case $mode in
smoke) gb_args=(--smoke --benchmark_min_time=0.001) lat_args=(--smoke) runs=2 ;;
quick) gb_args=(--quick --benchmark_min_time=0.02 --benchmark_repetitions=5 "${interleave[@]}")
       lat_args=(--quick --budget 0.1) runs=3 ;;
full) gb_args=(--benchmark_min_time=0.05 --benchmark_repetitions=10 "${interleave[@]}")
      lat_args=(--budget 0.25) runs=10 ;;
esac

echo "bench: [1/4] Google Benchmark (${gb_args[*]}) ${pin[*]}" >&2
"${pin[@]}" $bin/bench_search "${gb_args[@]}" --benchmark_display_aggregates_only=true \
	--benchmark_out="$out/gbench.json" --benchmark_out_format=json >&2

echo "bench: [2/4] latency histograms (${lat_args[*]})" >&2
"${pin[@]}" $bin/bench_latency "${lat_args[@]}" >"$out/latency.json"

echo "bench: [3/4] hyperfine: uvmlab run over a recorded 1 Mi-page scenario" >&2
uvmlab=build/bench/fuzz/uvmlab
if [ "$mode" = smoke ]; then
	python3 bench/make_trace.py 4096 50 >"$out/trace.scn"
else
	python3 bench/make_trace.py >"$out/trace.scn"
fi
commands=()
for s in $($uvmlab strategies | cut -d' ' -f1); do
	{ echo "strategy $s"; cat "$out/trace.scn"; } >"$out/trace_$s.scn"
	commands+=(-n "$s" "$uvmlab run --no-validate $out/trace_$s.scn")
done
"${pin[@]}" hyperfine --style basic --warmup 1 --runs $runs --export-json "$out/hyperfine.json" \
	"${commands[@]}" >&2

echo "bench: [4/4] summary" >&2
plots=()
[ "$mode" = full ] && plots=(--plots "$out/plots")
[ "$mode" = smoke ] && plots=(--no-goals)
$py bench/summarize.py --gbench "$out/gbench.json" --latency "$out/latency.json" \
	--hyperfine "$out/hyperfine.json" --json "$out/summary.json" "${plots[@]}"
[ -n "$json" ] && cp "$out/summary.json" "$json"
if [ "$mode" = full ]; then
	mkdir -p bench/plots
	rm -f bench/plots/*.png
	for tsv in "$out"/plots/plot_*.tsv; do
		name=$(basename "$tsv" .tsv); name=${name#plot_} # <layout>_n<pages>
		gnuplot -e "data='$tsv'; out='bench/plots/$name.png'; layout='${name%_*}'; req='${name##*_n}'" \
			bench/plot.gp
	done
	echo "bench: plots in bench/plots/" >&2
fi

if [ -n "$compare" ]; then
	echo "bench: compare.py (U test report) against $compare" >&2
	$py /usr/share/benchmark/compare.py benchmarks "$compare" "$out/gbench.json" || true
	# A regression must show twice: what the first pass flags runs again
	# (with the yardsticks) and is judged again.  A real slowdown shows
	# both times; a run that landed on a slow moment rarely does.
	if ! $py bench/gate.py "$compare" "$out/gbench.json" --regressed "$out/regressed.txt"; then
		filter="^($(paste -sd'|' "$out/regressed.txt")|BM_Calibration/.*)(/manual_time)?\$"
		echo "bench: the gate flagged $(wc -l <"$out/regressed.txt"); running them again" >&2
		"${pin[@]}" $bin/bench_search "${gb_args[@]}" --benchmark_filter="$filter" \
			--benchmark_display_aggregates_only=true \
			--benchmark_out="$out/gbench_again.json" --benchmark_out_format=json >&2
		$py bench/gate.py "$compare" "$out/gbench_again.json"
	fi
fi
