#!/usr/bin/env bash
# Run .clusterfuzzlite/build.sh here as ClusterFuzzLite/OSS-Fuzz would,
# with their variables set, and run each built target briefly.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/targets.sh
ensure_packages "${BUILD_PACKAGES[@]}"

out=$PWD/build/clusterfuzzlite/out
rm -rf "$out" && mkdir -p "$out"
flags="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link"
CC=clang CXX=clang++ CFLAGS="$flags" CXXFLAGS="$flags" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
	OUT=$out SRC=$PWD/build/clusterfuzzlite bash .clusterfuzzlite/build.sh
for target in "${FUZZ_TARGETS[@]}"; do
	for f in "$target" "$target.dict" "$target.options" "${target}_seed_corpus.zip"; do
		[ -s "$out/$f" ] || { echo "clusterfuzzlite: $out/$f missing" >&2; exit 1; }
	done
	seeds=$(mktemp -d)
	python3 -m zipfile -e "$out/${target}_seed_corpus.zip" "$seeds"
	nseeds=$(ls "$seeds" | wc -l)
	mapfile -t flags < <(libfuzzer_flags "$target")
	"$out/$target" -runs=2000 "${flags[@]}" "$seeds" >"$seeds.log" 2>&1 ||
		{ tail -30 "$seeds.log" >&2; exit 1; }
	echo "clusterfuzzlite: $target built; $nseeds seeds; $(grep -oE 'DONE.*exec/s: [0-9]+' "$seeds.log")"
	rm -rf "$seeds" "$seeds.log"
done
