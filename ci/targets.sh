# Sourced by the ci/ scripts: the fuzz targets, one per fuzz/target_*.c
# (the one place a target is declared; CMake globs the same files).
FUZZ_TARGETS=()
for _f in fuzz/target_*.c; do
	_t=${_f#fuzz/target_}
	FUZZ_TARGETS+=("${_t%.c}")
done
unset _f _t
