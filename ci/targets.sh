# Sourced by the ci/ scripts: the fuzz targets, one per fuzz/target_*.c
# (the one place a target is declared; CMake globs the same files).
FUZZ_TARGETS=()
for _f in fuzz/target_*.c; do
	_t=${_f#fuzz/target_}
	FUZZ_TARGETS+=("${_t%.c}")
done
unset _f _t

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
