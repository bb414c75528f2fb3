# Sourced by ci/fuzz.sh and ci/minimize.sh: the one corpus merge.
#
#   corpus_merge ENGINE TARGET [EXTRA_DIR...]
#
# Rebuilds corpus/TARGET as: every named seed (made from a scenario, so
# it stays readable), plus a set cover, by edge coverage, of every
# engine-found input (a libFuzzer sha1 name, or an AFL++ name with a
# ':') in corpus/TARGET and in the extra folders.  libFuzzer: -merge=1
# -use_counters=0; AFL++: afl-cmin -e.  Prints "BEFORE->AFTER".  If the
# merge fails, the corpus is left untouched and it returns 1.

. ci/targets.sh

corpus_merge() {
	local engine=$1 target=$2 tmp f before flags
	shift 2
	mkdir -p build
	tmp=$(mktemp -d "$PWD/build/corpus-merge.XXXXXX")
	mkdir "$tmp/keep" "$tmp/found"
	for f in corpus/$target/* "$@"; do
		if [ -d "$f" ]; then cp "$f"/* "$tmp/found/" 2>/dev/null || true
		elif [[ $(basename "$f") =~ ^[0-9a-f]{40}$|: ]]; then cp "$f" "$tmp/found/"
		else cp "$f" "$tmp/keep/"; fi
	done
	local ok=1
	if [ -z "$(ls "$tmp/found")" ]; then
		: # nothing found to merge
	elif [ "$engine" = afl ]; then
		# afl-cmin refuses folders under /tmp (shared, world-writable) unless
		# allowed; this one is private to us (mktemp, mode 700), wherever
		# the clone lives
		AFL_ALLOW_TMP=1 AFL_SKIP_CPUFREQ=1 afl-cmin -e -m none -i "$tmp/found" -o "$tmp/cmin" \
			-- "build/afl/fuzz/afl_$target" >"$tmp/log" 2>&1 &&
			[ -n "$(ls "$tmp/cmin" 2>/dev/null)" ] && cp "$tmp/cmin"/* "$tmp/keep/" || ok=0
	else
		mapfile -t flags < <(libfuzzer_flags "$target")
		"$(fuzz_binary "$target")" -merge=1 -use_counters=0 "${flags[@]}" \
			"$tmp/keep" "$tmp/found" >"$tmp/log" 2>&1 &&
			grep -q '^MERGE-OUTER: .* new files' "$tmp/log" || ok=0
	fi
	before=$(ls "corpus/$target" | wc -l)
	if [ "$ok" = 0 ]; then
		# never replace a corpus with the result of a merge that failed
		echo "corpus_merge: $target: merge failed, corpus left as it was:" >&2
		tail -5 "$tmp/log" >&2
		rm -rf "$tmp"
		echo "$before (merge failed)"
		return 1
	fi
	rm -f "corpus/$target"/*
	cp "$tmp/keep"/* "corpus/$target/"
	rm -rf "$tmp"
	echo "$before->$(ls "corpus/$target" | wc -l)"
}
