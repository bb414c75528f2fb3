#!/usr/bin/env bash
# Does the fuzzer catch a real allocator bug, and how fast?
#
#   ./ci/mutant_check.sh [--kernel-src DIR] [PATCH] [SECONDS] [RUNS]
#
# Applies PATCH (default fuzz/mutants/fixed_misses_straddle.patch: the
# `fixed` strategy made to miss straddling runs as `faithful` does) to a
# copy of HEAD, never to this tree; builds the fuzz target that the
# patch's first line names ("target: NAME"); runs it from an empty
# corpus, with the target's options (corpus/TARGET.options), for seeds 1..RUNS
# (default 3), each for at most SECONDS (default 60); and prints how long
# each took to report a crash.
# A kernel mutant (fuzz/mutants/kernel/*.mutant, ci/apply_kernel_mutant.py
# says what one is) is planted instead in a copy of DIR/sys/uvm/uvm_pglist.c,
# which the kernel preset then builds into its target (kernel_vs_model).
# Exits 1 if any run found nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/targets.sh
ensure_packages "${BUILD_PACKAGES[@]}"
kernel_src=
if [ "${1:-}" = --kernel-src ]; then
	kernel_src=$(realpath "$2")
	shift 2
fi
patch=${1:-fuzz/mutants/fixed_misses_straddle.patch} secs=${2:-60} runs=${3:-3}
target=$(sed -n '1s/^target: //p' "$patch")
if [ -z "$target" ]; then
	echo "$patch: its first line must name the fuzz target that should catch it (target: NAME)" >&2
	exit 2
fi

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
git archive HEAD | tar -x -C "$copy"
if [[ $patch == *.mutant ]]; then
	if [ -z "$kernel_src" ]; then
		echo "$patch: a kernel mutant needs --kernel-src DIR (a tree with sys/uvm/uvm_pglist.c)" >&2
		exit 2
	fi
	pglist=$copy/kernel-src/sys/uvm/uvm_pglist.c
	mkdir -p "$(dirname "$pglist")"
	cp "$kernel_src/sys/uvm/uvm_pglist.c" "$pglist"
	/usr/bin/python3 ci/apply_kernel_mutant.py "$patch" "$pglist"
	cmake --preset kernel -S "$copy" -B "$copy/build" -DUVMLAB_KERNEL_PGLIST="$pglist" >/dev/null
else
	git -C "$copy" init -q && git -C "$copy" apply "$PWD/$patch"
	cmake --preset fuzz -S "$copy" -B "$copy/build" >/dev/null
fi
cmake --build "$copy/build" --target "fuzz_$target" >/dev/null
# the target's own options, as a campaign runs it
mapfile -t flags < <(libfuzzer_flags "$target")

missed=0
echo "mutant $patch: $target from an empty corpus, at most ${secs}s per seed"
for seed in $(seq 1 "$runs"); do
	mkdir -p "$copy/run$seed/corpus"
	start=$(date +%s%N)
	"$copy/build/fuzz/fuzz_$target" -seed="$seed" -max_total_time="$secs" "${flags[@]}" \
		-artifact_prefix="$copy/run$seed/" "$copy/run$seed/corpus" >"$copy/run$seed/log" 2>&1 || true
	ms=$((($(date +%s%N) - start) / 1000000))
	if ls "$copy/run$seed"/crash-* >/dev/null 2>&1; then
		# libFuzzer's last status line before the crash: "#N<tab>NEW ..."
		execs=$(grep -oE $'^#[0-9]+\t' "$copy/run$seed/log" | tail -1 | tr -d '#\t' || true)
		printf '  seed %s: caught in %d.%d s (after about %s execs): %s\n' "$seed" \
			$((ms / 1000)) $((ms % 1000 / 100)) "${execs:-?}" \
			"$(grep -m1 'failed:' "$copy/run$seed/log" | sed 's/^uvmlab: //')"
	else
		printf '  seed %s: not caught in %s s\n' "$seed" "$secs"
		missed=$((missed + 1))
	fi
done
[ "$missed" -eq 0 ]
