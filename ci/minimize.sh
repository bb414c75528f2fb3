#!/usr/bin/env bash
# Shrink a crash, or a corpus.
#
#   ./ci/minimize.sh crash INPUT TARGET [--engine afl]   -> INPUT.min
#   ./ci/minimize.sh corpus TARGET [--engine afl]        -> corpus/TARGET, set-cover merged
#
# A crash: libFuzzer -minimize_crash=1 (default) or afl-tmin.  A corpus:
# named seeds kept, engine-found inputs reduced to a set cover by edge
# coverage (ci/corpus.sh): libFuzzer -merge=1 or afl-cmin.
set -euo pipefail
usage() { echo "usage: $0 crash INPUT TARGET [--engine afl] | $0 corpus TARGET [--engine afl]" >&2; exit 2; }
[ $# -ge 2 ] || usage
mode=$1; shift
engine=libfuzzer
args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--engine) engine=$2; shift 2 ;;
	*) args+=("$1"); shift ;;
	esac
done
# a crash file named relative to where the command was given
if [ "$mode" = crash ] && [ ${#args[@]} -ge 1 ]; then
	[ -f "${args[0]}" ] || { echo "minimize: no such file: ${args[0]}" >&2; exit 2; }
	args[0]=$(realpath "${args[0]}")
fi
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/corpus.sh

build() {
	if [ "$engine" = afl ]; then
		ensure_packages "${BUILD_PACKAGES[@]}" afl++
		cmake --preset afl >/dev/null && cmake --build --preset afl >/dev/null
	else
		ensure_packages "${BUILD_PACKAGES[@]}"
		cmake --preset fuzz >/dev/null && cmake --build --preset fuzz >/dev/null
	fi
}

case "$mode" in
crash)
	[ ${#args[@]} -eq 2 ] || usage
	input=${args[0]} target=${args[1]}
	build
	if [ "$engine" = afl ]; then
		AFL_ALLOW_TMP=1 AFL_SKIP_CPUFREQ=1 afl-tmin -m none -i "$input" -o "$input.min" \
			-- build/afl/fuzz/afl_$target
	else
		mapfile -t flags < <(libfuzzer_flags "$target")
		build/fuzz/fuzz/fuzz_$target -minimize_crash=1 -runs=20000 "${flags[@]}" \
			-exact_artifact_path="$input.min" "$input" || true
	fi
	[ -s "$input.min" ] || { echo "minimize: no smaller crash found" >&2; exit 1; }
	echo "minimized: $(wc -c <"$input") -> $(wc -c <"$input.min") bytes in $input.min"
	build/debug/fuzz/uvmlab decode --target "$target" "$input.min" 2>/dev/null || true
	;;
corpus)
	[ ${#args[@]} -eq 1 ] || usage
	target=${args[0]}
	build
	echo "corpus/$target: $(corpus_merge "$engine" "$target") inputs"
	;;
*) usage ;;
esac
