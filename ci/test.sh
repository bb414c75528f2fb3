#!/usr/bin/env bash
# Every test.  Installs what is missing, then:
#  1. the debug preset (ASan + UBSan, no recovery, validator after every
#     core call): unit tests, golden scenarios, corpus and regression
#     replays, the decode/encode round trip;
#  2. the fuzz preset: every libFuzzer target, each fuzzed ~20 s from its
#     corpus as a smoke test (no merge into the corpus);
#  3. the ClusterFuzzLite build.sh with the OSS-Fuzz variables, the
#     build the workflows in .github/workflows/ use; the workflows
#     themselves cannot run here, so ci/check_workflows.py checks that
#     they parse and that every script and build they name exists;
#  4. the fuzzers' power: fixed_ops must catch a planted straddle bug
#     (libFuzzer seed 1: about 123,000 inputs, 105 s on a quiet core;
#     300 s allowed), bad_input a planted off-by-one in an argument
#     check (about 1 s; 120 s allowed), and faithful_ops a waitok
#     fallback that skips the page at low (5-16 s; 120 s allowed), and
#     fixed_ops an ao_get that leaks the pages it allocated before a
#     busy page (29-51 s for seeds 1-3; 120 s allowed), and a
#     uvm_km_pgremove that frees a busy page instead of marking it
#     released (README, "Planted bugs"; 120 s allowed), each from an
#     empty corpus;
#  5. the benchmark build: each benchmark family once on its smallest
#     case (ci/bench.sh --smoke), so it never rots; no timing is judged;
#     and every deliberate slowdown (bench/slowdowns/) and planted bug
#     (fuzz/mutants/) still applies to this tree;
#  6. the kernel in the loop, where ../shared holds the seed listing of
#     uvm_pglist.c rev 1.89 (skipped, saying so, where it does not): the
#     listing stripped of its line numbers (ci/seed_pglist.py) built
#     unchanged by the kernel preset; its tests (every golden written
#     for rev 1.89's answers, run on the real file, and kernel_vs_model's
#     corpus); kernel_vs_model fuzzed 20 s; and a planted change to the
#     real file (the wrapped pass's limit one page on) caught by
#     kernel_vs_model from an empty corpus within 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
. ci/targets.sh

ensure_packages "${BUILD_PACKAGES[@]}" python3-yaml
cmake --preset debug
cmake --build --preset debug
ctest --preset debug

./ci/fuzz.sh --time 20 --jobs 2 --no-merge
./ci/clusterfuzzlite.sh
/usr/bin/python3 ci/check_workflows.py
./ci/mutant_check.sh fuzz/mutants/fixed_misses_straddle.patch 300 1
./ci/mutant_check.sh fuzz/mutants/pagealloc_accepts_last_freelist.patch 120 1
./ci/mutant_check.sh fuzz/mutants/fallback_skips_low.patch 120 1
./ci/mutant_check.sh fuzz/mutants/get_leaks_on_enomem.patch 120 1
./ci/mutant_check.sh fuzz/mutants/pgremove_frees_busy.patch 120 1
./ci/bench.sh --smoke
for p in bench/slowdowns/*.patch fuzz/mutants/*.patch; do
	git apply --check "$p" || { echo "test: $p no longer applies" >&2; exit 1; }
done

listing=../shared/seeds/004_16bc66569fc01cac.txt
if [ -f "$listing" ]; then
	/usr/bin/python3 ci/seed_pglist.py "$listing" build/kernel-src >/dev/null
	build_kernel_preset build/kernel-src
	ctest --preset kernel -L kernel
	./ci/fuzz.sh --time 20 --jobs 1 --no-merge --target kernel_vs_model --kernel-src build/kernel-src
	./ci/mutant_check.sh --kernel-src build/kernel-src \
		fuzz/mutants/kernel/wrap_limit_plus_one.mutant 60 1
else
	echo "test: $listing is absent: the kernel in the loop's tests are skipped"
fi
