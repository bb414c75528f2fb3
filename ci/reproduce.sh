#!/usr/bin/env bash
# Reproduce a crash or any input:
#   ./ci/reproduce.sh INPUT [TARGET] [--kernel-src DIR]
#
# INPUT is a binary fuzz input (a crash file, a corpus entry) or a .scn
# scenario.  TARGET (one of ci/targets.sh) is taken from the path when
# it names one, else fixed_ops.  Builds what is
# needed, then replays with every check and a trace of each operation.
# A kernel target's input (kernel_vs_model) needs the kernel source it
# was found on: --kernel-src DIR, a tree holding sys/uvm/uvm_pglist.c.
# Exit status: 0 every check held; 3 an invariant was violated; 76 a
# sanitizer report (ASan/UBSan); 2 bad usage.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 INPUT [TARGET] [--kernel-src DIR]" >&2; exit 2; }
[ -f "$1" ] || { echo "reproduce: no such file: $1" >&2; exit 2; }
input=$(realpath "$1") target= kernel_src=
shift
while [ $# -gt 0 ]; do
	case $1 in
	--kernel-src) kernel_src=$(realpath "$2"); shift 2 ;;
	*) target=$1; shift ;;
	esac
done
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/targets.sh

if [ -z "$target" ]; then
	# the innermost folder of the path that names a target
	dir=$(dirname "$input")
	while [ -z "$target" ] && [ "$dir" != / ]; do
		for t in "${FUZZ_TARGETS[@]}" "${KERNEL_TARGETS[@]}"; do
			[ "$(basename "$dir")" = "$t" ] && target=$t
		done
		dir=$(dirname "$dir")
	done
	target=${target:-fixed_ops}
fi

ensure_packages "${BUILD_PACKAGES[@]}"
uvmlab=build/debug/fuzz/uvmlab
if [[ " ${KERNEL_TARGETS[*]} " == *" $target "* ]]; then
	[ -n "$kernel_src" ] || { echo "reproduce: $target needs --kernel-src DIR" >&2; exit 2; }
	build_kernel_preset "$kernel_src"
	uvmlab=build/kernel/fuzz/uvmlab
else
	cmake --preset debug >/dev/null
	cmake --build --preset debug >/dev/null
fi

export ASAN_OPTIONS=exitcode=76:detect_leaks=1 UBSAN_OPTIONS=exitcode=76:print_stacktrace=1:halt_on_error=1
echo "reproducing $input on $target" >&2
set +e
"$uvmlab" run --trace --target "$target" "$input"
status=$?
case $status in
0) echo "reproduce: every check held" >&2 ;;
3) echo "reproduce: invariant violated (see above)" >&2 ;;
76) echo "reproduce: sanitizer report (see above)" >&2 ;;
esac
exit $status
