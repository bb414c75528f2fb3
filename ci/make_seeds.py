#!/usr/bin/env python3
"""Regenerate the fuzz corpus seeds, regressions and dictionaries.

Every seed of an op-stream target is the binary form of a readable
scenario in corpus/seeds/ops/ (`uvmlab encode`); `uvmlab decode` prints
any of them back.  The kernel in the loop's targets (fuzz/kernel/, built
only with a kernel source) take as seeds and regressions the golden
scenarios written for them, corpus/scenarios/kernel_loop_*.scn, which use only
the operations the kernel runs; encoding them needs no kernel.  The bad_input seeds are raw call records, each
described below.  Usage: ci/make_seeds.py [path/to/uvmlab]
"""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
VERSION, HEADER, RECORD = 4, 22, 11


def ops_targets(uvmlab):
    """The op-stream targets, as the harness's table lists them."""
    out = subprocess.run([uvmlab, "targets"], check=True, capture_output=True, text=True).stdout
    return [name for name, kind in (line.split() for line in out.splitlines()) if kind == "ops"]


def encode(uvmlab, scn):
    return subprocess.run([uvmlab, "encode", str(scn)], check=True,
                          capture_output=True).stdout


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def dict_entry(name, data):
    return '%s="%s"\n' % (name, "".join("\\x%02x" % b for b in data))


def kernel_targets():
    """The kernel in the loop's targets, one per fuzz/kernel/target_*.c."""
    return sorted(p.stem[len("target_"):] for p in (ROOT / "fuzz" / "kernel").glob("target_*.c"))


def ops_dictionary(uvmlab, seeds, pattern="*.scn"):
    """Whole records of each operation, and a few layouts, as tokens."""
    tokens = {}
    for scn in sorted(seeds.glob(pattern)):
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


# bad_input (fuzz/bad_input.c): a layout header, a version byte, then
# calls of BAD_RECORD bytes: a code byte (fuzz/ep_table.c) and the bytes
# its argument generator reads.  Each argument is picked by a 2-byte selector: below
# 3n it is limit sel/3 of the call's n limits, minus one, itself or plus
# one; then 0, 1, the type's maximum, or 8 raw bytes.  One seed per entry
# point: its code with every selector from 0 to 11, so each of its
# first four limits is tried at L - 1, L and L + 1.
BAD_INPUT_VERSION = 1
BAD_LAYOUT = bytes([VERSION, 0x08, 0x00, 0x00]) + bytes([0, 63, 0, 0, 10, 63, 0, 0]) + bytes(10)
BAD_CODES = 58  # the codes fuzz/ep_table.c gives, 0 to 57
BAD_RECORD = 32  # BAD_INPUT_RECORD in fuzz/bad_input.h


BAD_MAX_CALLS = 64  # MAX_CALLS in fuzz/bad_input.c


def bad_record(code, args):
    """One call's record: its code, the bytes its generator reads, zeros
    to BAD_RECORD."""
    rec = bytes([code]) + args
    return rec + bytes(BAD_RECORD - len(rec))


def bad_call(code, sel):
    return bad_record(code, bytes([sel, 0]) * ((BAD_RECORD - 1) // 2))


def physload_call(mode):
    """uvm_page_physload's record (fuzz/ep_changes.c, physload_args):
    the mode byte, six argument selectors, and `moved` 6 (none): a valid
    segment, above the top (mode 2) or just above segment mode >> 2 - 1,
    1 + (mode >> 4) % 16 pages long."""
    return bad_record(5, bytes([mode]) + bytes(12) + bytes([6]))


# uvmlab_machine_create's arguments (fuzz/ep_queries.c, create_args) and
# how many limits each is picked from
CREATE_LIMITS = (1, 2, 2, 2, 2, 2)  # strategy, free lists, colours, buckets, reserves


def create_call(arg, sel):
    """uvmlab_machine_create's record (code 8): the machine's own
    parameters with argument `arg` moved to its pick by selector sel."""
    args = bytes([arg << 1])
    for i in range(len(CREATE_LIMITS)):
        s = sel if i == arg else 0
        args += bytes([0, 1, s, 0]) if i == 2 else bytes([s, 0])  # colours: power, then a limit
    return bad_record(8, args + bytes([0]))  # params and out pointer given


# The object layer's calls (fuzz/ep_objects.c, ep_windows.c), each a
# valid call: the bytes its generator reads, in order, with the final
# ep_compose mode byte 2n (n arguments: none moved).  An argument pick
# is 2 bytes; a pick of an object page's pfn (ep_pick_opfn) is 3 once
# the record holds object pages.  `sel` chooses the record's nth live
# object, busy page or window.
def uao_create_call(pages):
    return bad_record(22, bytes([pages - 1]) + bytes(4) + bytes([6]))


def get_call(sel, first, npages):
    """ao_get of pages [first, first + npages) of the sel-th object
    (first must be sel modulo its size)."""
    return bad_record(24, bytes([sel, (npages - 1) << 1]) + bytes(6) + bytes([8]))


def mapin_call(sel, npages_busy, read):
    """uvm_pagermapin of the busy pages from the sel-th on; npages is
    1 + sel % (the busy pages)."""
    return bad_record(28, bytes([sel, 2 if read else 0]) + bytes(4) + bytes([1, 0, 0]) * 4 +
                      bytes([14]))


def window_write_call(sel, at, byte):
    """uvmlab_window_write from byte `at` of the sel-th window to its end."""
    return bad_record(31, bytes([sel]) + at.to_bytes(3, "little") + bytes(4) + bytes([byte]) +
                      bytes(2) + bytes([1, 8]))


def mapout_call(sel):
    return bad_record(29, bytes([sel]) + bytes(4) + bytes([4]))


def unbusy_call(sels):
    """uvm_page_unbusy of two busy pages, the record's sels[0]-th and
    sels[1]-th (count selector 2: valid npgs 2)."""
    body = bytes([2, 0])
    for i in range(5):
        body += bytes([1, 0, 0]) + bytes([sels[i] if i < len(sels) else 0])
    return bad_record(26, body + bytes([14]))


def zerorange_call(sel, at):
    """uvm_vnp_zerorange of the sel-th object from byte `at` (below a
    page) of page sel % size to its end."""
    return bad_record(27, bytes([sel, at, 1, 0]) + bytes(4) + bytes([6]))


def put_call(sel):
    return bad_record(25, bytes([sel]) + bytes(8) + bytes([8]))


def detach_call(sel):
    return bad_record(23, bytes([sel]) + bytes(2) + bytes([2]))


def uiomove_call(write, lensel, byte):
    """ubc_uiomove of the first object from byte 100 (an unaligned
    offset), length by selector `lensel` (1: one page, 4: three pages:
    page multiples, where 1.29 copies a page short), read or write."""
    return bad_record(40, bytes([0, 6 if write else 2, 0, 0, 0, 0, lensel, 0, byte, 12]))


# Kernel memory's calls (fuzz/ep_km.c, ep_kmem.c), each valid: the
# bytes its generator reads, with the ep_compose mode byte 2n last.
def valloc_call(pages):
    return bad_record(43, bytes(5) + (ptoa(pages) - 1).to_bytes(2, "little") + bytes([6]))


def touch_call():
    """the first range's first page"""
    return bad_record(46, bytes([1, 0, 1]))


def km_get_call(sel):
    """uvm_km_get of the first range's page `sel`, one page; sel & 8:
    PGO_LOCKED"""
    return bad_record(49, bytes(10) + bytes([sel, 12]))


def km_free_call():
    """the kernel map's first range"""
    return bad_record(45, bytes(7) + bytes([6]))


def kmemalloc_call(sel, pages):
    """sel & 1: kmem's object, else the kernel's; (sel >> 1) & 7: flags"""
    return bad_record(48, bytes(8) + bytes([sel]) + (ptoa(pages) - 1).to_bytes(2, "little") +
                      bytes([10]))


def pgremove_call():
    """the kernel object's page at the first range's first page"""
    return bad_record(50, bytes(7) + bytes([6]))


def pool_init_call(k):
    """uvmlab_pool_init of 16 << k bytes an item (fuzz/ep_pool.c,
    init_args): two bytes of pick, k, `moved` none"""
    return bad_record(53, bytes([0, 0, k, 4]))


def pool_get_call(pool, waitok):
    """pool_get from pool `pool` (of at most two), PR_WAITOK or not"""
    return bad_record(54, bytes([pool | (0x80 if waitok else 0), 0, 0, 0, 0, 6]))


def pool_put_call(pool, page):
    """pool_put of the first item given out on the pool's page `page`
    (of at most two pools, two pages)"""
    return bad_record(55, bytes([pool | page << 3, 0, 0, 0, 0, 4]))


def pageout_call():
    return bad_record(56, bytes([1]))


def poolpage_call(kmem, waitok):
    """uvm_km_alloc_poolpage1 in the kernel map, of kmem's object or the
    kernel's"""
    return bad_record(51, bytes([(2 if kmem else 0) | (4 if waitok else 0), 0, 0, 0, 0, 8]))


def poolpage_free_call():
    """uvm_km_free_poolpage1 of the first pool page of no pool"""
    return bad_record(52, bytes([0, 0, 0, 0, 0, 4]))


def limit_below_count_call():
    """uvmlab_memlimit_set of the bytes counted less one: EBUSY"""
    return bad_record(41, bytes([3, 0]))


def ptoa(pages):
    return pages * 4096


def bad_calls(code):
    return b"".join(bad_call(code, sel) for sel in range(12))


def limits(uvmlab):
    out = subprocess.run([uvmlab, "limits"], check=True, capture_output=True, text=True).stdout
    return {k: int(v) for k, v in (line.split() for line in out.splitlines())}


def limit_entries(uvmlab, width):
    """Every limit the core checks, minus one, itself and plus one, as
    little-endian integers of `width` bytes (and, for page counts, in
    bytes too)."""
    lim = limits(uvmlab)
    values = {}
    for name, v in lim.items():
        for d, tag in ((-1, "minus1"), (0, ""), (1, "plus1")):
            values["limit_%s%s" % (name, "_" + tag if tag else "")] = v + d
            if name in ("NPAGES_LIMIT", "SEG_PAGES_MAX", "PFN_LIMIT"):
                values["limit_%s_bytes%s" % (name, "_" + tag if tag else "")] = \
                    v * lim["PAGE_SIZE"] + d
    mask = (1 << (8 * width)) - 1
    return "".join(dict_entry(n, (v & mask).to_bytes(width, "little"))
                   for n, v in values.items())


def main():
    uvmlab = sys.argv[1] if len(sys.argv) > 1 else str(
        ROOT / "build" / "debug" / "fuzz" / "uvmlab")
    OPS_TARGETS = ops_targets(uvmlab)
    for scn in sorted((CORPUS / "seeds" / "ops").glob("*.scn")):
        blob = encode(uvmlab, scn)
        for target in OPS_TARGETS:
            write(CORPUS / target / scn.stem, blob)
    for scn in sorted((CORPUS / "seeds" / "regressions").glob("*.scn")):
        blob = encode(uvmlab, scn)
        for target in OPS_TARGETS:
            write(CORPUS / "regressions" / target / scn.stem, blob)
    KERNEL_TARGETS = kernel_targets()
    for scn in sorted((CORPUS / "scenarios").glob("kernel_loop_*.scn")):
        blob = encode(uvmlab, scn)
        for target in KERNEL_TARGETS:
            write(CORPUS / target / scn.stem, blob)
            write(CORPUS / "regressions" / target / scn.stem, blob)
    for old in (CORPUS / "bad_input").glob("*"):
        old.unlink()  # the corpus starts again from these seeds
    for code in range(BAD_CODES):
        write(CORPUS / "bad_input" / ("entry_point_%02d" % code),
              BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) + bad_calls(code))
    # uvmlab_fail_allocation (code 21) before a clone into `fast` (code
    # 9, selector 0), a physload (code 5) and a machine creation (code
    # 8), on a `fast` machine, the failure armed after 0 to 4
    # allocations: the ENOMEM paths of machine copies and of index
    # creation, and the count of allocations let through
    fast_layout = BAD_LAYOUT[:1] + bytes([BAD_LAYOUT[1] | 3]) + BAD_LAYOUT[2:]
    write(CORPUS / "bad_input" / "allocation_failures",
          fast_layout + bytes([BAD_INPUT_VERSION]) +
          b"".join(bad_call(21, sel) + bad_call(call, 0)
                   for sel in range(6) for call in (9, 5, 8)))
    # the segment table filled to UVMLAB_PHYSSEG_MAX by uvm_page_physload
    # (code 5), six segments put between the first two and the rest
    # above the top, then one more (ENOMEM): the last slot, where an
    # off-by-one in the table's bounds reads or writes past it
    write(CORPUS / "bad_input" / "segment_table_full",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) +
          b"".join(physload_call(k << 2) for k in range(1, 7)) +
          b"".join(physload_call(0x02) for _ in range(limits(uvmlab)["PHYSSEG_MAX"] - 2 - 6 + 1)))
    # the reserves at their edges: one 4-page segment, pagedaemon reserve
    # 1 and kernel reserve 2, drained by uvm_pagealloc (code 6) with
    # USERESERVE (selector 1) and without (selector 12: flags 0) until
    # a bucket holds exactly each reserve
    reserve_layout = bytes([VERSION, 0x00, 1 | 2 << 2, 0x00]) + bytes([0, 3, 0, 0]) + bytes(14)
    write(CORPUS / "bad_input" / "reserve_boundaries",
          reserve_layout + bytes([BAD_INPUT_VERSION]) +
          b"".join(bad_call(6, sel) for sel in (1, 1, 12, 1, 1, 12)))
    # machine creation with one parameter at a time at each of its
    # limits, minus one, itself and plus one, the others valid
    write(CORPUS / "bad_input" / "create_limits",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) +
          b"".join(create_call(arg, sel) for arg, n in enumerate(CREATE_LIMITS)
                   for sel in range(3 * n)))
    # the object layer in use: two objects, four pages got, mapped in a
    # read window that is written and mapped out (its bytes must reach
    # the pages), unbusied two by two, a zerorange over the object from
    # an unaligned offset, a put of every page, and a detach; then a
    # write window over two more pages (its bytes must not)
    write(CORPUS / "bad_input" / "object_session",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) +
          uao_create_call(8) + uao_create_call(4) + get_call(0, 0, 4) +
          mapin_call(3, 4, True) + window_write_call(0, 100, 0xab) + mapout_call(0) +
          unbusy_call([0, 1]) + unbusy_call([0, 1]) + zerorange_call(0, 1) + put_call(0) +
          detach_call(0) + get_call(1, 1, 2) + mapin_call(1, 2, False) +
          window_write_call(0, 4000, 0xcd) + mapout_call(0))
    # clones of a machine with an object layer (an object, four pages
    # got, a read window) into `fixed` (selector 4), with a host
    # allocation failure armed after 0 to 15 others
    # (uvmlab_fail_allocation, code 21, by a raw pick): the failure lands
    # on each of the clone's allocations in turn (it makes 11), the
    # object layer's arrays and the window's among them, and the
    # half-made copy must be freed without touching the original's
    object_prefix = uao_create_call(8) + get_call(0, 0, 4) + mapin_call(3, 4, True)
    write(CORPUS / "bad_input" / "object_allocation_failures",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) + object_prefix +
          b"".join(bad_record(21, bytes([15, 0]) + n.to_bytes(8, "little")) + bad_call(9, 4)
                   for n in range(16)))
    # UBC: three pages written from byte 100 and read back, then one;
    # a window made and released
    write(CORPUS / "bad_input" / "ubc_session",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) + uao_create_call(8) +
          uiomove_call(True, 4, 0x5a) + uiomove_call(False, 4, 0x11) +
          uiomove_call(True, 1, 0x77) + uiomove_call(False, 1, 0x22) +
          bad_record(38, bytes([0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x20, 10])) +
          bad_record(39, bytes([1, 0])) +
          # windows of 513 pages, then 512 (the length limit 2^21 bytes,
          # plus one then itself, the other arguments valid): the UBC
          # space has 511 pages left, so ENOMEM
          bad_record(38, bytes([0, 1, 0, 0, 0, 8, 0, 1, 0, 0, 0, 4])) +
          bad_record(38, bytes([0, 1, 0, 0, 0, 7, 0, 1, 0, 0, 0, 4])))
    # kernel memory: a range touched, its page got busy (uvm_km_get) and
    # the range freed under it (released); kmemalloc over it (EBUSY, the
    # model's answer where 1.13 doubles the page), NOWAIT from kmem's
    # object, a locked get, pgremove, frees
    write(CORPUS / "bad_input" / "km_session",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) +
          valloc_call(2) + touch_call() + km_get_call(0) + km_free_call() +
          kmemalloc_call(0, 2) + kmemalloc_call(3, 2) + km_get_call(8) + pgremove_call() +
          km_free_call() + pgremove_call() + kmemalloc_call(2, 3) + km_get_call(1) + km_free_call())
    # clones of a machine with a kernel memory layer (a range, a page
    # touched in), a host allocation failure armed after 0 to 47 others:
    # the half-made copy of the layer must be freed without touching the
    # original's
    write(CORPUS / "bad_input" / "km_allocation_failures",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) + valloc_call(2) + touch_call() +
          b"".join(bad_record(21, bytes([15, 0]) + n.to_bytes(8, "little")) + bad_call(9, 4)
                   for n in range(48)))
    # pools under a limit of three pages (header byte 21), on faithful
    # and on fixed: 1 KiB and 2 KiB items; a NOWAIT get over the limit
    # (ENOMEM, nothing changed), a waiting one that drains the other
    # pool's empty page first, the page daemon by hand (one pass drains,
    # the next finds nothing), a pool page of no pool, a waiting one over
    # the limit with nothing to drain (ENOMEM after a fruitless pass), its
    # free, a further kernel object, a limit below the count (EBUSY)
    pool_calls = (pool_init_call(6) + pool_init_call(7) +
                  b"".join(pool_get_call(0, False) for _ in range(5)) +
                  pool_get_call(1, True) + pool_get_call(1, False) + pool_get_call(1, False) +
                  pool_put_call(0, 1) + pool_get_call(1, True) +
                  b"".join(pool_put_call(0, 0) for _ in range(4)) +
                  pageout_call() + pageout_call() + poolpage_call(True, False) +
                  poolpage_call(True, True) + poolpage_free_call() + bad_record(57, bytes([1])) +
                  limit_below_count_call() + pool_get_call(0, True))
    limited = BAD_LAYOUT[:21] + bytes([3])
    for name, layout in (("pool_session", limited),
                         ("pool_session_fixed", limited[:1] + bytes([limited[1] | 1]) + limited[2:])):
        write(CORPUS / "bad_input" / name, layout + bytes([BAD_INPUT_VERSION]) + pool_calls)
    # a kernel map of four pages under a limit of eight: NOWAIT pool
    # pages fill it, the fifth finds no room; faithful leaves its bytes
    # counted (rump_hypermalloc's flaw), fixed does not
    small_map = BAD_LAYOUT[:20] + bytes([4, 8])
    for name, layout in (("pool_no_room", small_map),
                         ("pool_no_room_fixed", small_map[:1] + bytes([small_map[1] | 1]) + small_map[2:])):
        write(CORPUS / "bad_input" / name, layout + bytes([BAD_INPUT_VERSION]) + pool_init_call(8) +
              b"".join(pool_get_call(0, False) for _ in range(5)) + limit_below_count_call())
    write(CORPUS / "regressions" / "bad_input" / "every_entry_point",
          BAD_LAYOUT + bytes([BAD_INPUT_VERSION]) +
          b"".join(bad_call(code, code % 12) for code in range(BAD_CODES)))

    ops_dict = ops_dictionary(uvmlab, CORPUS / "seeds" / "ops") + limit_entries(uvmlab, 4)
    kernel_dict = (ops_dictionary(uvmlab, CORPUS / "scenarios", "kernel_loop_*.scn") +
                   limit_entries(uvmlab, 4))
    bad_dict = ("".join(dict_entry("code_%02d" % c, bytes([c])) for c in range(BAD_CODES)) +
                limit_entries(uvmlab, 8))
    for target in OPS_TARGETS + KERNEL_TARGETS + ["bad_input"]:
        bad = target == "bad_input"
        max_len = HEADER + 1 + BAD_MAX_CALLS * BAD_RECORD if bad else HEADER + 128 * RECORD
        (CORPUS / (target + ".dict")).write_text(
            bad_dict if bad else kernel_dict if target in KERNEL_TARGETS else ops_dict)
        # entropic_scale_per_exec_time: libFuzzer gives an input less of its
        # mutation energy the longer it runs.  A large machine's input takes
        # 20 to 40 times a small one's (every check walks its pages), so
        # without this most of a campaign's time goes to the few large
        # ones; with it they are still run and mutated, less often.
        (CORPUS / (target + ".options")).write_text(
            "[libfuzzer]\nmax_len = %d\ndict = %s.dict\nentropic_scale_per_exec_time = 1\n"
            % (max_len, target))
    print("seeds written under", os.path.relpath(CORPUS))


if __name__ == "__main__":
    main()
