#!/usr/bin/env python3
"""Regenerate the fuzz corpus seeds, regressions and dictionaries.

Every seed of an op-stream target is the binary form of a readable
scenario in corpus/seeds/ops/ (`uvmlab encode`); `uvmlab decode` prints
any of them back.  The bad_input seeds are raw call records, each
described below.  Usage: ci/make_seeds.py [path/to/uvmlab]
"""
import os
import pathlib
import struct
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
OPS_TARGETS = ["fixed_ops", "faithful_ops", "differential"]
VERSION, HEADER, RECORD = 2, 20, 11


def encode(uvmlab, scn):
    return subprocess.run([uvmlab, "encode", str(scn)], check=True,
                          capture_output=True).stdout


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def dict_entry(name, data):
    return '%s="%s"\n' % (name, "".join("\\x%02x" % b for b in data))


def ops_dictionary(uvmlab):
    """Whole records of each operation, and a few layouts, as tokens."""
    tokens = {}
    for scn in sorted((CORPUS / "seeds" / "ops").glob("*.scn")):
        blob = encode(uvmlab, scn)
        tokens["layout_" + scn.stem] = blob[:HEADER]
        for i in range(HEADER, len(blob), RECORD):
            rec = blob[i:i + RECORD]
            tokens.setdefault("op%d_%s_%d" % (rec[0], scn.stem, i), rec)
    unique, seen = {}, set()
    for name, data in sorted(tokens.items()):
        if data not in seen:
            seen.add(data)
            unique[name] = data
    return "".join(dict_entry(n, d) for n, d in unique.items())


# bad_input: a layout header, then calls: opcode byte (0 pglistalloc,
# 1 pagealloc_strat, 2 pagefree, 3 pglistfree, 4 free_range, 5 physload),
# six selector bytes (see value() in fuzz/target_bad_input.c; 0xe0 and up
# take 8 raw bytes).  Selectors: 0 -> 0, 5 -> PAGE_SIZE, 11 -> UINT64_MAX,
# 7 -> 3 pages (not a power of two), 14 -> pfn limit.
BAD_LAYOUT = bytes([VERSION, 0x08, 0x00, 0x00]) + bytes([0, 63, 0, 0, 10, 63, 0, 0]) + bytes(8)
BAD_SEEDS = {
    "size_zero": bytes([0, 0, 0, 11, 0, 0, 5]),
    "align_not_pow2": bytes([0, 5, 0, 11, 7, 0, 5]),
    "boundary_below_size": bytes([0, 7, 0, 11, 0, 5, 5]),
    "low_not_below_high": bytes([0, 5, 11, 11, 0, 0, 5]),
    "pagefree_free_page": bytes([2, 1, 0, 0, 0, 0, 0]),
    "pglistfree_dead": bytes([3, 3, 0, 0, 0, 0, 0]),
    "free_range_reversed": bytes([4, 3, 1, 0, 0, 0, 0]),
    "physload_overlap": bytes([5, 0, 2, 0, 2, 0, 0]),
    "physload_empty": bytes([5, 3, 3, 3, 3, 0, 0]),
    "unknown_strategy": bytes([1, 0, 11, 0, 0, 0, 0]),
    "unknown_freelist": bytes([1, 0, 1, 11, 0, 0, 0]),
    "good_then_bad": bytes([0, 5, 0, 11, 5, 0, 1, 2, 1, 0, 0, 0, 0]),
}


def main():
    uvmlab = sys.argv[1] if len(sys.argv) > 1 else str(
        ROOT / "build" / "debug" / "fuzz" / "uvmlab")
    for scn in sorted((CORPUS / "seeds" / "ops").glob("*.scn")):
        blob = encode(uvmlab, scn)
        for target in OPS_TARGETS:
            write(CORPUS / target / scn.stem, blob)
    for scn in sorted((CORPUS / "seeds" / "regressions").glob("*.scn")):
        blob = encode(uvmlab, scn)
        for target in OPS_TARGETS:
            write(CORPUS / "regressions" / target / scn.stem, blob)
    for name, calls in BAD_SEEDS.items():
        write(CORPUS / "bad_input" / name, BAD_LAYOUT + calls)
    write(CORPUS / "regressions" / "bad_input" / "every_rejection",
          BAD_LAYOUT + b"".join(BAD_SEEDS.values()))

    ops_dict = ops_dictionary(uvmlab)
    bad_dict = "".join(dict_entry("call_" + n, c) for n, c in BAD_SEEDS.items())
    max_len = HEADER + 128 * RECORD
    for target in OPS_TARGETS + ["bad_input"]:
        (CORPUS / (target + ".dict")).write_text(
            bad_dict if target == "bad_input" else ops_dict)
        (CORPUS / (target + ".options")).write_text(
            "[libfuzzer]\nmax_len = %d\ndict = %s.dict\n" % (max_len, target))
    print("seeds written under", os.path.relpath(CORPUS))


if __name__ == "__main__":
    main()
