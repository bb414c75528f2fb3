#!/usr/bin/env bash
# Execs/s of each fuzz target on one core: libFuzzer, fuzz preset
# (ASan + UBSan), from the committed corpus, one target at a time, each
# run with seeds 1..RUNS; prints the median and the range.  The machines
# are shared and noisy: compare figures from the same run only.
#   ./ci/throughput.sh [SECONDS] [RUNS]     (defaults 30 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
ensure_packages "${BUILD_PACKAGES[@]}"
secs=${1:-30} runs=${2:-3}
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz >/dev/null
max_len=$(sed -n 's/^max_len = //p' corpus/fixed_ops.options)
echo "libFuzzer exec/s on one core, ${secs}s per run, seeds 1..$runs"
printf '%-14s %8s %16s %10s\n' target median range ops/input
for t in fixed_ops faithful_ops differential bad_input; do
	rates=() ops=-
	for seed in $(seq 1 "$runs"); do
		tmp=$(mktemp -d)
		taskset -c 0 build/fuzz/fuzz/fuzz_$t -max_total_time="$secs" -seed="$seed" \
			-print_final_stats=1 -max_len="$max_len" -dict=corpus/$t.dict \
			"$tmp" corpus/$t >"$tmp.log" 2>&1 || true
		rates+=("$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp.log")")
		o=$(awk '/^uvmlab/ { gsub(",", ""); if ($3 > 0) printf "%.1f", $5 / $3 }' "$tmp.log")
		ops=${o:-$ops}
		rm -rf "$tmp" "$tmp.log"
	done
	sorted=($(printf '%s\n' "${rates[@]}" | sort -n))
	printf '%-14s %8s %16s %10s\n' "$t" "${sorted[$((runs / 2))]}" \
		"${sorted[0]}-${sorted[$((runs - 1))]}" "$ops"
done
