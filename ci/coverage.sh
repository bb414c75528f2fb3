#!/usr/bin/env bash
# Source-based coverage (llvm-cov) of the core, from the committed tests,
# scenarios, corpus and regressions.
#
#   ./ci/coverage.sh     -> build/coverage/html/index.html, and a summary
#
# Prints line and branch coverage of every core/src file and their total,
# and fails if the total is below the targets: 95% of lines, 85% of
# branches.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh

ensure_packages "${BUILD_PACKAGES[@]}"
LLVM_BIN=/usr/lib/llvm-14/bin
build=build/coverage
cmake --preset coverage >/dev/null
cmake --build --preset coverage >/dev/null
rm -rf "$build/profiles" && mkdir -p "$build/profiles"

# every ctest test: unit tests, golden scenarios, corpus and regression
# replays, the codec round trip
LLVM_PROFILE_FILE="$PWD/$build/profiles/%p-%m.profraw" ctest --preset coverage >/dev/null
"$LLVM_BIN/llvm-profdata" merge -sparse "$build"/profiles/*.profraw -o "$build/all.profdata"

# llvm-cov takes one binary, then -object for each of the others
bins=("$build"/fuzz/uvmlab)
for bin in "$build"/core/tests/test_* "$build"/fuzz/replay_* "$build"/fuzz/tests/test_*; do
	[ -x "$bin" ] && [ -f "$bin" ] && bins+=(-object "$bin")
done
"$LLVM_BIN/llvm-cov" show "${bins[@]}" -instr-profile="$build/all.profdata" -format=html \
	-output-dir="$build/html" -show-branches=count core/src fuzz >/dev/null
"$LLVM_BIN/llvm-cov" report "${bins[@]}" -instr-profile="$build/all.profdata" core/src |
	tee "$build/core-report.txt"

# TOTAL line: ... Lines Missed Cover Branches Missed Cover
read -r lines_pct branches_pct < <(awk '/^TOTAL/ { print $10, $13 }' "$build/core-report.txt")
echo
echo "core/: lines ${lines_pct}, branches ${branches_pct} (targets 95% and 85%)"
echo "HTML report: $build/html/index.html"
awk -v l="${lines_pct%\%}" -v b="${branches_pct%\%}" 'BEGIN { exit !(l >= 95 && b >= 85) }' || {
	echo "coverage: below target" >&2
	exit 1
}
