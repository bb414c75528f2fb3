#!/usr/bin/python3
"""Write the seed listing of uvm_pglist.c rev 1.89 as a C file.

The seed (../shared/seeds/004_16bc66569fc01cac.txt) is a web listing: two
title lines, then each source line behind its line number, padded with
no-break spaces.  This strips the numbers and nothing else, so that the
project's tests have a real uvm_pglist.c to compile against the kernel
shim (core/kernel/).  For tests only: no NetBSD source enters the
repository; a developer points the build at their own tree instead.

    ci/seed_pglist.py LISTING OUT_DIR    -> OUT_DIR/sys/uvm/uvm_pglist.c
"""
import os
import re
import sys

NUMBERED = re.compile(r"^[ \u00a0]*(\d+)(?:\u00a0(.*))?$")


def strip(listing):
    lines, want = [], 1
    for text in listing.splitlines()[2:]:
        m = NUMBERED.match(text)
        if m is None or int(m.group(1)) != want:
            raise ValueError(f"line {want}: not a numbered line: {text!r}")
        lines.append(m.group(2) or "")
        want += 1
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        source = strip(f.read())
    out = os.path.join(sys.argv[2], "sys", "uvm", "uvm_pglist.c")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(source)
    print(out)


if __name__ == "__main__":
    main()
