#!/usr/bin/env bash
# uvmlab's main job: a fuzzing campaign over every target.
#
#   ./ci/fuzz.sh [--time SECONDS] [--jobs N] [--target NAME] [--engine libfuzzer|afl]
#                [--no-merge] [--kernel-src DIR]
#
# libFuzzer (default): each target runs for --time seconds (default 180),
# up to --jobs (default 2) at once, from its committed corpus and
# regressions.  AFL++: one main and N-1 secondaries per target on a
# shared sync folder, summarised by afl-whatsup.  Then, unless
# --no-merge, corpus/<target>/ becomes its named seeds plus a set cover,
# by edge coverage, of all engine-found inputs old and new
# (ci/corpus.sh).  Prints a summary per target and each crash with the
# command that reproduces it; exits 1 on any crash, on a fuzzer that
# failed without one, or on a failed merge.  --kernel-src DIR adds the
# kernel in the loop's targets (kernel_vs_model: DIR/sys/uvm/uvm_pglist.c
# against the model), built by the kernel preset; libFuzzer only.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/targets.sh
. ci/corpus.sh

time=180 jobs=2 engine=libfuzzer merge=1 targets=() kernel_src=
all_targets=("${FUZZ_TARGETS[@]}")
while [ $# -gt 0 ]; do
	case "$1" in
	--time) time=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--target) targets+=("$2"); shift 2 ;;
	--engine) engine=$2; shift 2 ;;
	--no-merge) merge=0; shift ;;
	--kernel-src) kernel_src=$(realpath "$2"); shift 2 ;;
	*) echo "usage: $0 [--time S] [--jobs N] [--target NAME] [--engine libfuzzer|afl] [--no-merge]" \
		"[--kernel-src DIR]" >&2
	   exit 2 ;;
	esac
done
if [ -n "$kernel_src" ]; then
	[ "$engine" = libfuzzer ] || { echo "--kernel-src: libFuzzer only" >&2; exit 2; }
	all_targets+=("${KERNEL_TARGETS[@]}")
fi
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
	[[ " ${all_targets[*]} " == *" $t "* ]] || { echo "unknown target $t (${all_targets[*]})" >&2; exit 2; }
done
work=build/campaign/$engine
crashes=0 failures=0

report_crash() { # target file
	crashes=$((crashes + 1))
	echo "    crash: $2"
	echo "      reproduce: ./ci/reproduce.sh $2 $1${kernel_src:+ --kernel-src $kernel_src}"
}

run_libfuzzer() {
	ensure_packages "${BUILD_PACKAGES[@]}"
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz >/dev/null
	[ -z "$kernel_src" ] || build_kernel_preset "$kernel_src"
	rm -rf "$work"
	local running=0
	for t in "${targets[@]}"; do
		mkdir -p "$work/$t/new" "$work/$t/artifacts" corpus/$t corpus/regressions/$t
		# new inputs land in the first folder; the committed corpus seeds it
		mapfile -t flags < <(libfuzzer_flags "$t")
		(
			status=0
			"$(fuzz_binary "$t")" -max_total_time="$time" -print_final_stats=1 \
				"${flags[@]}" -timeout=10 \
				-artifact_prefix="$work/$t/artifacts/" \
				"$work/$t/new" corpus/$t corpus/regressions/$t >"$work/$t/log" 2>&1 ||
				status=$?
			echo "$status" >"$work/$t/status"
		) &
		running=$((running + 1))
		if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
	done
	wait || true

	printf '\n%-14s %10s %8s %8s %8s\n' target "exec/s" cov "corpus" crashes
	for t in "${targets[@]}"; do
		local log=$work/$t/log size eps cov n status
		size=$(ls corpus/$t | wc -l)
		if [ "$merge" = 1 ]; then
			size=$(corpus_merge libfuzzer "$t" "$work/$t/new") || failures=$((failures + 1))
		fi
		# a target that crashes while loading its corpus prints no stats
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
		cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2 || true)
		n=$(find "$work/$t/artifacts" -type f | wc -l)
		printf '%-14s %10s %8s %8s %8s\n' "$t" "${eps:-?}" "${cov:-?}" "$size" "$n"
		grep -h '^uvmlab ' "$log" | sed 's/^/    /' || true
		for f in "$work/$t"/artifacts/*; do if [ -e "$f" ]; then report_crash "$t" "$f"; fi; done
		status=$(cat "$work/$t/status" 2>/dev/null || echo "?")
		if [ "$status" != 0 ] && [ "$n" -eq 0 ]; then
			echo "    fuzzer exited with status $status and left no crash file; see $log"
			failures=$((failures + 1))
		fi
	done
}

run_afl() {
	ensure_packages "${BUILD_PACKAGES[@]}" afl++
	cmake --preset afl >/dev/null
	cmake --build --preset afl >/dev/null
	rm -rf "$work"
	export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		AFL_NO_AFFINITY=1 ASAN_OPTIONS=abort_on_error=1:detect_leaks=0:symbolize=0
	for t in "${targets[@]}"; do
		local sync=$work/$t bin=build/afl/fuzz/afl_$t
		mkdir -p "$sync"
		echo "afl: $t: main + $((jobs - 1)) secondaries for ${time}s, sync folder $sync"
		afl-fuzz -M main -i corpus/$t -o "$sync" -x corpus/$t.dict -m none -V "$time" \
			-- "$bin" >"$sync/main.log" 2>&1 &
		for i in $(seq 1 $((jobs - 1))); do
			afl-fuzz -S sec$i -i corpus/$t -o "$sync" -x corpus/$t.dict -m none -V "$time" \
				-- "$bin" >"$sync/sec$i.log" 2>&1 &
		done
		wait || true
		# -d: the instances have finished; count them anyway
		afl-whatsup -s -d "$sync" 2>/dev/null | sed -n '/Summary/,$p' | sed 's/^/    /'
		for stats in "$sync"/*/fuzzer_stats; do
			awk -v who="$(basename "$(dirname "$stats")")" -F' *: *' '
				{ v[$1] = $2 }
				END { printf "    %-5s %10s execs  %8s exec/s  stability %s  corpus %s  crashes %s\n",
				      who, v["execs_done"], v["execs_per_sec"], v["stability"],
				      v["corpus_count"], v["saved_crashes"] }' "$stats"
		done
		for f in "$sync"/*/crashes/id:*; do if [ -e "$f" ]; then report_crash "$t" "$f"; fi; done
		if [ "$merge" = 1 ]; then
			local size
			size=$(corpus_merge afl "$t" "$sync"/*/queue) || failures=$((failures + 1))
			echo "    corpus: $size"
		fi
	done
}

case "$engine" in
libfuzzer) run_libfuzzer ;;
afl) run_afl ;;
*) echo "unknown engine $engine (libfuzzer, afl)" >&2; exit 2 ;;
esac

if [ "$crashes" -gt 0 ]; then
	echo "fuzz: $crashes crash(es); reproduce each with the command above" >&2
	exit 1
fi
if [ "$failures" -gt 0 ]; then
	echo "fuzz: $failures fuzzer or merge failure(s), see above" >&2
	exit 1
fi
echo "fuzz: no crashes"
