#!/usr/bin/env bash
# Execs/s of each fuzz target on one core: libFuzzer, fuzz preset
# (ASan + UBSan), one target at a time, each run with seeds 1..RUNS;
# prints the median and range of exec/s, the mean operations per input,
# and operations per second (the figure that does not depend on how long
# the corpus's inputs are).  The machines are shared and noisy: compare
# figures from the same run only.
#   ./ci/throughput.sh [--seeds-only] [--against REV [--own]] [--target NAME]...
#                      [SECONDS] [RUNS] [-- LIBFUZZER_FLAG...]   (defaults 30 and 3)
# Each target runs with its own options (corpus/TARGET.options, as a
# campaign and ClusterFuzzLite run it); flags after -- come after them
# and so override them, e.g. -- -entropic_scale_per_exec_time=0 to see
# the rate without the scheduler's preference for quick inputs.
# --seeds-only starts from the named seeds (short inputs) instead of the
# whole committed corpus (which campaigns grow, with longer inputs).
# --against REV also builds commit REV in a scratch copy and measures it
# in the same run, the two builds alternating run by run, both from this
# tree's inputs (REV's harness skips an input of a binary format it does
# not know, and says so): an A/B of the harness's speed.  With --own,
# each build starts from its own tree's inputs, options and dictionary
# instead: the A/B across a change of binary format.  --target (again for
# more) measures only the targets named; by default, every one.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/targets.sh
seeds_only=0 against= own=0 only=()
while [ $# -gt 0 ]; do
	case $1 in
	--seeds-only) seeds_only=1 ;;
	--own) own=1 ;;
	--against) against=$2; shift ;;
	--target) only+=("$2"); shift ;;
	*) break ;;
	esac
	shift
done
secs=30 runs=3 extra=()
[ $# -gt 0 ] && [ "$1" != -- ] && { secs=$1; shift; }
[ $# -gt 0 ] && [ "$1" != -- ] && { runs=$1; shift; }
[ $# -gt 0 ] && [ "$1" = -- ] && { shift; extra=("$@"); }
ensure_packages "${BUILD_PACKAGES[@]}"
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz >/dev/null
builds=("$PWD/build/fuzz/fuzz") labels=(HEAD) trees=("$PWD")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ -n "$against" ]; then
	git archive "$against" | tar -x -C "$scratch"
	cmake --preset fuzz -S "$scratch" -B "$scratch/build" >/dev/null
	cmake --build "$scratch/build" >/dev/null
	builds=("$scratch/build/fuzz" "${builds[@]}") labels=("$against" "${labels[@]}")
	[ "$own" = 1 ] && trees=("$scratch" "${trees[@]}") || trees=("$PWD" "${trees[@]}")
fi

# one run: the exec/s, then the operations per input (or -)
run_one() { # BUILD_DIR TARGET SEED TREE (whose inputs, options and dictionary)
	local tmp log flags
	tmp=$(mktemp -d -p "$scratch")
	mkdir "$tmp/in" "$tmp/new"
	for f in "$4"/corpus/$2/*; do
		if [ "$seeds_only" = 0 ] || ! [[ $(basename "$f") =~ ^[0-9a-f]{40}$|: ]]; then
			cp "$f" "$tmp/in/"
		fi
	done
	log=$tmp/log
	mapfile -t flags < <(cd "$4" && . ci/targets.sh && libfuzzer_flags "$2" |
		sed "s#^-dict=#-dict=$4/#")
	taskset -c 0 "$1/fuzz_$2" -max_total_time="$secs" -seed="$3" \
		-print_final_stats=1 "${flags[@]}" "${extra[@]}" \
		"$tmp/new" "$tmp/in" >"$log" 2>&1 || true
	printf '%s %s\n' "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")" \
		"$(awk '/^uvmlab/ { gsub(",", ""); if ($3 > 0) { printf "%.1f", $5 / $3; f = 1 } }
			END { if (!f) print "-" }' "$log")"
	rm -rf "$tmp"
}

from=$([ "$seeds_only" = 1 ] && echo "the named seeds" || echo "the committed corpus")
echo "libFuzzer on one core, from $from, ${secs}s per run, seeds 1..$runs${extra[*]:+, then ${extra[*]}}"
printf '%-14s %-10s %8s %14s %10s %10s\n' target build exec/s range ops/input ops/s
[ ${#only[@]} -gt 0 ] && FUZZ_TARGETS=("${only[@]}")
for t in "${FUZZ_TARGETS[@]}"; do
	declare -A rates=() ops=()
	for seed in $(seq 1 "$runs"); do
		for b in "${!builds[@]}"; do
			read -r rate o < <(run_one "${builds[$b]}" "$t" "$seed" "${trees[$b]}")
			rates[$b]="${rates[$b]:-} $rate"
			[ "$o" != - ] && ops[$b]=$o
		done
	done
	for b in "${!builds[@]}"; do
		sorted=($(printf '%s\n' ${rates[$b]} | sort -n))
		median=${sorted[$((runs / 2))]} o=${ops[$b]:--} opsps=-
		[ "$o" != - ] && opsps=$(awk -v e="$median" -v o="$o" 'BEGIN { printf "%d", e * o }')
		printf '%-14s %-10s %8s %14s %10s %10s\n' "$t" "${labels[$b]}" "$median" \
			"${sorted[0]}-${sorted[$((runs - 1))]}" "$o" "$opsps"
	done
	unset rates ops
done
