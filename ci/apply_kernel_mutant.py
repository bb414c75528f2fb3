#!/usr/bin/python3
"""Plant a mutant in a copy of a kernel source.

A kernel mutant (fuzz/mutants/kernel/*.mutant) is a change to a
developer's uvm_pglist.c, which this repository does not hold, so it is
not a patch: it names the text to replace, the first occurrence after an
anchor, and what replaces it:

    target: kernel_vs_model      the fuzz target that must catch it
    what: ...                    the bug, in words
    after: ANCHOR                the replacement is after its first occurrence
    replace: OLD
    with: NEW

    ci/apply_kernel_mutant.py MUTANT FILE     (FILE is changed in place)
Exits 1, changing nothing, when FILE has no OLD after ANCHOR.
"""
import sys


def read_mutant(path):
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition(": ")
            if sep:
                fields[key] = value
    for key in ("target", "after", "replace", "with"):
        if key not in fields:
            sys.exit(f"{path}: no '{key}:' line")
    return fields


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    m = read_mutant(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        text = f.read()
    anchor = text.find(m["after"])
    at = text.find(m["replace"], anchor + len(m["after"])) if anchor >= 0 else -1
    if at < 0:
        print(f"{sys.argv[2]}: no '{m['replace']}' after '{m['after']}'", file=sys.stderr)
        sys.exit(1)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(text[:at] + m["with"] + text[at + len(m["replace"]):])


if __name__ == "__main__":
    main()
