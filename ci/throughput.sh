#!/usr/bin/env bash
# Execs/s of each fuzz target on one core: libFuzzer, fuzz preset
# (ASan + UBSan), one target at a time, each run with seeds 1..RUNS;
# prints the median and range of exec/s, the mean operations per input,
# and operations per second (the figure that does not depend on how long
# the corpus's inputs are).  The machines are shared and noisy: compare
# figures from the same run only.
#   ./ci/throughput.sh [--seeds-only] [SECONDS] [RUNS]     (defaults 30 and 3)
# --seeds-only starts from the named seeds (short inputs) instead of the
# whole committed corpus (which campaigns grow, with longer inputs).
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/targets.sh
seeds_only=0
[ "${1:-}" = --seeds-only ] && { seeds_only=1; shift; }
secs=${1:-30} runs=${2:-3}
ensure_packages "${BUILD_PACKAGES[@]}"
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz >/dev/null
max_len=$(sed -n 's/^max_len = //p' corpus/fixed_ops.options)
from=$([ "$seeds_only" = 1 ] && echo "the named seeds" || echo "the committed corpus")
echo "libFuzzer on one core, from $from, ${secs}s per run, seeds 1..$runs"
printf '%-14s %8s %14s %10s %10s\n' target exec/s range ops/input ops/s
for t in "${FUZZ_TARGETS[@]}"; do
	rates=() ops=- opsps=-
	for seed in $(seq 1 "$runs"); do
		tmp=$(mktemp -d)
		mkdir "$tmp/in" "$tmp/new"
		for f in corpus/$t/*; do
			if [ "$seeds_only" = 0 ] || ! [[ $(basename "$f") =~ ^[0-9a-f]{40}$|: ]]; then
				cp "$f" "$tmp/in/"
			fi
		done
		taskset -c 0 build/fuzz/fuzz/fuzz_$t -max_total_time="$secs" -seed="$seed" \
			-print_final_stats=1 -max_len="$max_len" -dict=corpus/$t.dict \
			"$tmp/new" "$tmp/in" >"$tmp/log" 2>&1 || true
		rates+=("$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/log")")
		o=$(awk '/^uvmlab/ { gsub(",", ""); if ($3 > 0) printf "%.1f", $5 / $3 }' "$tmp/log")
		ops=${o:-$ops}
		rm -rf "$tmp"
	done
	sorted=($(printf '%s\n' "${rates[@]}" | sort -n))
	median=${sorted[$((runs / 2))]}
	[ "$ops" != - ] && opsps=$(awk -v e="$median" -v o="$ops" 'BEGIN { printf "%d", e * o }')
	printf '%-14s %8s %14s %10s %10s\n' "$t" "$median" "${sorted[0]}-${sorted[$((runs - 1))]}" \
		"$ops" "$opsps"
done
