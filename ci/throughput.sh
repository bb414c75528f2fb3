#!/usr/bin/env bash
# Execs/s of each fuzz target on one core: libFuzzer, fuzz preset
# (ASan + UBSan), from the committed corpus, one target at a time.
#   ./ci/throughput.sh [SECONDS]     (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
ensure_packages "${BUILD_PACKAGES[@]}"
secs=${1:-60}
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz >/dev/null
max_len=$(sed -n 's/^max_len = //p' corpus/fixed_ops.options)
printf '%-14s %10s %12s\n' target "exec/s" "ops/input"
for t in fixed_ops faithful_ops differential bad_input; do
	tmp=$(mktemp -d)
	taskset -c 0 build/fuzz/fuzz/fuzz_$t -max_total_time="$secs" -print_final_stats=1 \
		-max_len="$max_len" -dict=corpus/$t.dict "$tmp" corpus/$t >"$tmp.log" 2>&1 || true
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp.log")
	ops=$(awk '/^uvmlab/ { gsub(",", ""); if ($3 > 0) printf "%.1f", $5 / $3 }' "$tmp.log")
	printf '%-14s %10s %12s\n' "$t" "$eps" "${ops:--}"
	rm -rf "$tmp" "$tmp.log"
done
