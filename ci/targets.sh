# Sourced by the ci/ scripts: the fuzz targets, one per fuzz/target_*.c
# (the one place a target is declared; CMake globs the same files).
FUZZ_TARGETS=()
for _f in fuzz/target_*.c; do
	_t=${_f#fuzz/target_}
	FUZZ_TARGETS+=("${_t%.c}")
done
# The kernel in the loop's targets, one per fuzz/kernel/target_*.c: only
# the kernel preset builds them, from a developer's uvm_pglist.c (the
# scripts' --kernel-src DIR, a tree holding sys/uvm/uvm_pglist.c).
KERNEL_TARGETS=()
for _f in fuzz/kernel/target_*.c; do
	_t=${_f#fuzz/kernel/target_}
	KERNEL_TARGETS+=("${_t%.c}")
done
unset _f _t

# fuzz_binary TARGET: the target's libFuzzer binary.
fuzz_binary() {
	if [[ " ${KERNEL_TARGETS[*]} " == *" $1 "* ]]; then
		echo "build/kernel/fuzz/fuzz_$1"
	else
		echo "build/fuzz/fuzz/fuzz_$1"
	fi
}

# build_kernel_preset DIR: configure and build the kernel preset on
# DIR/sys/uvm/uvm_pglist.c.
build_kernel_preset() {
	cmake --preset kernel -DUVMLAB_KERNEL_PGLIST="$1/sys/uvm/uvm_pglist.c" >/dev/null
	cmake --build --preset kernel >/dev/null
}

# libfuzzer_flags TARGET: the [libfuzzer] section of corpus/TARGET.options
# (the file ClusterFuzzLite hands to libFuzzer) as libFuzzer flags, one
# per line, the dictionary by its path from the project root.  Every
# script that runs a target reads its options here, so a campaign, a
# mutant check and a throughput run all fuzz as ClusterFuzzLite does.
#   mapfile -t flags < <(libfuzzer_flags fixed_ops)
libfuzzer_flags() {
	local line key value section=
	while IFS= read -r line; do
		case $line in
		\[*\]) section=$line ;;
		*' = '*)
			[ "$section" = '[libfuzzer]' ] || continue
			key=${line%% = *} value=${line#* = }
			[ "$key" = dict ] && value=corpus/$value
			printf -- '-%s=%s\n' "$key" "$value"
			;;
		esac
	done <"corpus/$1.options"
}
