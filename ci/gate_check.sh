#!/usr/bin/env bash
# Does the speed gate tell a slowdown from noise?
#
#   ./ci/gate_check.sh [PATCH|none] [BASELINE]
#
# Copies HEAD (never this tree), applies PATCH if one is given (e.g.
# bench/slowdowns/fast_rereads_candidate.patch), and runs
# ./ci/bench.sh --quick --compare BASELINE there (default
# bench/baselines/quick.json).  With a patch the gate must fail; with
# `none` it must pass.  Exits 0 when the gate did what it should, 1 if
# not.
set -euo pipefail
cd "$(dirname "$0")/.."
patch=${1:-none} baseline=$(realpath "${2:-bench/baselines/quick.json}")

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
git archive HEAD | tar -x -C "$copy"
if [ "$patch" != none ]; then
	git -C "$copy" init -q && git -C "$copy" apply "$PWD/$patch"
fi
set +e
(cd "$copy" && ./ci/bench.sh --quick --compare "$baseline") >"$copy/gate.log" 2>&1
status=$?
set -e
sed -n '/^benchmark /,$p' "$copy/gate.log"
if [ "$patch" = none ]; then
	want=0 what="an unchanged HEAD"
else
	want=1 what="$patch"
fi
if [ $status -eq $want ]; then
	echo "gate_check: $what: the gate $([ $want = 1 ] && echo failed || echo passed), as it should"
	exit 0
fi
echo "gate_check: $what: the gate exited $status, want $want" >&2
tail -20 "$copy/gate.log" >&2
exit 1
