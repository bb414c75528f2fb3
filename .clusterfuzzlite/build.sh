#!/bin/bash -eu
# Build every uvmlab fuzz target the OSS-Fuzz way: compile with $CC and
# $CFLAGS, link with $CXX $CXXFLAGS $LIB_FUZZING_ENGINE, and put each
# target with its <target>_seed_corpus.zip, .dict and .options in $OUT.
# Runs in the project's root (WORKDIR $SRC/uvmlab in the Dockerfile).
set -eu
[ -d core/src ] && [ -d fuzz ] || { echo "build.sh: run from the uvmlab root" >&2; exit 1; }
mkdir -p "$OUT"
obj=$(mktemp -d)

# the checkers go uninstrumented, as in the fuzz preset (the list says why)
CFLAGS="$CFLAGS -fsanitize-coverage-ignorelist=$PWD/fuzz/coverage_ignorelist.txt"
mapfile -t harness <fuzz/harness_sources.txt
sources=(core/src/*.c "${harness[@]/#/fuzz/}")
for src in "${sources[@]}"; do
	$CC $CFLAGS -std=c11 -Icore/include -Icore/src -Icore/kernel -Ifuzz -c "$src" \
		-o "$obj/$(echo "$src" | tr / _).o"
done
# the kernel shim with no kernel source (core/kernel/CMakeLists.txt):
# kernel_vs_model needs a developer's uvm_pglist.c, so it is not built here
for src in core/kernel/shim.c core/kernel/kernel_machine.c core/kernel/pglist_absent.c; do
	$CC $CFLAGS -std=c11 -Icore/kernel/include -Icore/kernel -c "$src" \
		-o "$obj/$(echo "$src" | tr / _).o"
done

for file in fuzz/target_*.c; do
	target=${file#fuzz/target_} target=${target%.c}
	$CC $CFLAGS -std=c11 -Icore/include -Ifuzz -c "fuzz/target_$target.c" -o "$obj/target_$target.o"
	$CXX $CXXFLAGS "$obj/target_$target.o" "$obj"/core_*.o "$obj"/fuzz_*.o \
		$LIB_FUZZING_ENGINE -o "$OUT/$target"
	# seeds and regressions, flat; regression inputs keep a prefix
	python3 - "$OUT/${target}_seed_corpus.zip" "corpus/$target" "corpus/regressions/$target" <<'PY'
import pathlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for i, folder in enumerate(sys.argv[2:]):
        for f in sorted(pathlib.Path(folder).iterdir()):
            if f.is_file():
                z.write(f, ("regression-" if i else "") + f.name)
PY
	cp "corpus/$target.dict" "corpus/$target.options" "$OUT/"
done
rm -rf "$obj"
