#!/usr/bin/python3
"""Mutation testing of the allocator: how many small bugs do the fuzzers find?

Generates mutants of core/src/*.c, one change each on a copy of HEAD:
  rel    a relational operator replaced (< <=, > >=, == !=, and back)
  arith  a binary + or - swapped
  logic  && and || swapped
  neg    an if or while condition negated
  del    an expression statement deleted
Builds each through .clusterfuzzlite/build.sh (ccache makes the files the
mutant does not touch free), fuzzes it from each target's seed corpus
(corpus/<target> and its regressions), the targets one after another in
the order `uvmlab targets` lists them, sharing --time seconds, and
reports each mutant:
  killed      a target found a crash (the target and the time are kept)
  timed out   a target found an input that hangs it (libFuzzer -timeout)
  survived    nothing found in the time
  stillborn   it does not build
With --with-tests, a survivor is also built in the debug preset and run
under ctest: killed by the tests, or survived.

The checkers and instruments (CHECKER_FILES: the validator, the digest,
events and counters, read-only queries; every strategy's *_validate,
*_digest and *_bytes; and, in any file, a counter, event or assertion
statement or an `if` that guards only one) are scored apart: the fuzzers
see the machine through them and cannot be expected to catch a bug that
blinds them.  Survivors judged equivalent (no behaviour can differ) are
listed in ci/mutants_equivalent.txt by id, each with its reason, and left
out of the score.  Score: (killed + timed out) over live non-equivalent
mutants.

Writes --out/summary.json and prints a table.  Python standard library
only.
"""
import argparse
import hashlib
import json
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHECKER_FILES = {"validate.c", "digest.c", "events.c", "query.c"}
CHECKER_FUNCTIONS = re.compile(r"_(validate|digest|bytes)$")
# A counter, an event or an assertion: an instrument or a checker
# wherever it sits.
INSTRUMENT_RE = re.compile(r"^\s*(STAT_INCR|STAT_ADD|WORK_COUNT|uvmlab_event_log|UVMLAB_ASSERT|assert)\(")
EQUIVALENT = ROOT / "ci" / "mutants_equivalent.txt"
FLAGS = "-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link"

REL = {"<=": "<", ">=": ">", "==": "!=", "!=": "==", "<": "<=", ">": ">="}
REL_RE = re.compile(r"<=|>=|==|!=|(?<![<>\-])<(?![<=])|(?<![<>\-])>(?![>=])")
DECL_RE = re.compile(r"^\s*(static |const |struct |enum |unsigned |signed |bool |char |int |long |"
                     r"size_t |u?int\d+_t |paddr_t |psize_t |uvmlab_\w+_t |return\b|break;|"
                     r"continue;|goto |case |default:|else\b|\}|\{)")
STMT_RE = re.compile(r"^\s*[A-Za-z_][\w\->.\[\]]*\s*(\(.*\)|=[^=].*|\+=.*|-=.*|\|=.*|&=.*|"
                     r"\+\+|--|\+\+.*)\s*;\s*$")


def code_part(line):
    """The line with string and character literals blanked and comments
    cut, so that operators inside them are not mutated."""
    line = re.sub(r'"(\\.|[^"\\])*"', lambda m: '"' + " " * (len(m.group()) - 2) + '"', line)
    line = re.sub(r"'(\\.|[^'\\])'", lambda m: "'" + " " * (len(m.group()) - 2) + "'", line)
    cut = line.find("//")
    if cut >= 0:
        line = line[:cut]
    cut = line.find("/*")
    return line[:cut] if cut >= 0 else line


def matching_paren(s, i):
    depth = 0
    for j in range(i, len(s)):
        depth += {"(": 1, ")": -1}.get(s[j], 0)
        if depth == 0:
            return j
    return -1


def instrument_line(lines, n):
    """Is line n (or the statement it continues) a counter, event or
    assertion statement, or an `if` whose only statement (unbraced, on
    the next line) is one?  Mutants
    there change what the model reports or checks, not what it does."""
    if INSTRUMENT_RE.match(lines[n]):
        return True
    # a continuation line of an instrument call: its arguments
    k = n
    while k > 0 and not lines[k - 1].rstrip().endswith((";", "{", "}")):
        k -= 1
        if INSTRUMENT_RE.match(lines[k]):
            return True
    return (re.match(r"^\s*(if|else if) \(.*\)\s*$", lines[n]) is not None and
            n + 1 < len(lines) and INSTRUMENT_RE.match(lines[n + 1]) is not None)


def mutants_of(path):
    rel = path.relative_to(ROOT).as_posix()
    lines = path.read_text().splitlines(keepends=True)
    function, in_comment, out = None, False, []
    for n, raw in enumerate(lines):
        text = raw.rstrip("\n")
        if in_comment:
            if "*/" in text:
                in_comment = False
            continue
        stripped = text.strip()
        if stripped.startswith("/*") and "*/" not in stripped:
            in_comment = True
            continue
        if stripped.startswith(("*", "#", "/*", "//")) or not stripped:
            continue
        m = re.match(r"^([a-z_]\w*)\(", text)
        if m:
            function = m.group(1)
            continue
        if function is None or not text.startswith((" ", "\t")):
            continue
        code = code_part(text)

        def record(kind, mutated, where):
            key = "%s|%s|%s|%s" % (rel, function, stripped, where)
            out.append({"id": hashlib.sha1(key.encode()).hexdigest()[:12], "file": rel,
                        "line": n + 1, "function": function, "kind": kind,
                        "original": stripped, "mutated": mutated.strip() or ";",
                        "category": "checker" if path.name in CHECKER_FILES or
                        CHECKER_FUNCTIONS.search(function) or instrument_line(lines, n)
                        else "allocator",
                        "_text": mutated + "\n"})

        def add(kind, col, old, new):
            record(kind, text[:col] + new + text[col + len(old):], "%d|%s" % (col, new))

        for m in REL_RE.finditer(code):
            add("rel", m.start(), m.group(), REL[m.group()])
        for m in re.finditer(r"(?<=\s)([+-])(?=\s)", code):
            add("arith", m.start(), m.group(), "-" if m.group() == "+" else "+")
        for m in re.finditer(r"&&|\|\|", code):
            add("logic", m.start(), m.group(), "||" if m.group() == "&&" else "&&")
        for m in re.finditer(r"\b(if|while) \(", code):
            close = matching_paren(code, m.end() - 1)
            if close > 0:
                add("neg", m.end(), text[m.end():close], "!(" + text[m.end():close] + ")")
        if STMT_RE.match(code) and not DECL_RE.match(code):
            record("del", text[:len(text) - len(text.lstrip())] + ";", "del")
    return out


def equivalents():
    eq = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, why = line.partition(" ")
                eq[key] = why.strip()
    return eq


def sh(cmd, cwd, env=None, timeout=None):
    return subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)


class Slot:
    """A pristine copy of HEAD that runs one mutant at a time."""

    def __init__(self, base, k, cpu):
        self.dir = base / ("slot%d" % k)
        self.src = self.dir / "src"
        self.cpu = cpu
        self.src.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True,
                                 stdout=subprocess.PIPE).stdout
        subprocess.run(["tar", "-x", "-C", str(self.src)], input=archive, check=True)

    def pin(self, cmd):
        return (["taskset", "-c", str(self.cpu)] if shutil.which("taskset") else []) + cmd

    def build(self):
        out = self.dir / "out"
        shutil.rmtree(out, ignore_errors=True)
        cc = "ccache clang" if shutil.which("ccache") else "clang"
        env = dict(os.environ, CC=cc, CXX=cc + "++", CFLAGS=FLAGS, CXXFLAGS=FLAGS,
                   LIB_FUZZING_ENGINE="-fsanitize=fuzzer", OUT=str(out), SRC=str(self.dir),
                   CCACHE_BASEDIR=str(self.src), CCACHE_NOHASHDIR="1")
        r = sh(self.pin(["bash", ".clusterfuzzlite/build.sh"]), self.src, env, timeout=900)
        return r.returncode == 0, out

    def fuzz(self, out, target, seconds):
        work = self.dir / "fuzz"
        shutil.rmtree(work, ignore_errors=True)
        (work / "corpus").mkdir(parents=True)
        with zipfile.ZipFile(out / (target + "_seed_corpus.zip")) as z:
            z.extractall(work / "corpus")
        # the target's [libfuzzer] options, as ClusterFuzzLite passes them
        opts = dict(re.findall(r"^(\w+) = (.*)$", (out / (target + ".options")).read_text(),
                               re.M))
        opts["dict"] = str(out / opts["dict"])
        cmd = self.pin([str(out / target), "-max_total_time=%d" % seconds, "-timeout=10",
                        "-rss_limit_mb=2048"] + ["-%s=%s" % kv for kv in opts.items()] +
                       ["-artifact_prefix=%s/" % work, str(work / "corpus")])
        start = time.monotonic()
        r = sh(cmd, self.dir, timeout=seconds + 120)
        took = time.monotonic() - start
        if r.returncode == 0:
            return None, took, ""
        kind = "timed out" if list(work.glob("timeout-*")) else "killed"
        why = next((l for l in r.stdout.splitlines()
                    if "failed:" in l or "ERROR:" in l or "runtime error" in l), "")
        return kind, took, why.strip()[:200]

    def tests(self):
        r = sh(self.pin(["bash", "-c", "cmake --preset debug >/dev/null && "
                         "cmake --build --preset debug >/dev/null && "
                         "ctest --preset debug -E exhaustive >/dev/null"]), self.src,
               timeout=1800)
        return r.returncode == 0

    def run(self, mu, targets, seconds, with_tests):
        path = self.src / mu["file"]
        pristine = path.read_text()
        lines = pristine.splitlines(keepends=True)
        lines[mu["line"] - 1] = mu["_text"]
        path.write_text("".join(lines))
        try:
            ok, out = self.build()
            if not ok:
                return dict(mu, status="stillborn")
            left = float(seconds)
            for i, t in enumerate(targets):
                share = max(1, int(left / (len(targets) - i)))
                kind, took, why = self.fuzz(out, t, share)
                left -= took
                if kind:
                    return dict(mu, status=kind, killed_by=t, seconds=round(seconds - left, 1),
                                why=why)
            if with_tests and not self.tests():
                return dict(mu, status="survived fuzzing", killed_by="ctest")
            return dict(mu, status="survived")
        finally:
            path.write_text(pristine)


def score(results, eq, category):
    live = [r for r in results if r["category"] == category and r["status"] != "stillborn"
            and r["id"] not in eq]
    fuzz = sum(r["status"] in ("killed", "timed out") for r in live)
    both = fuzz + sum(r.get("killed_by") == "ctest" for r in live)
    return {"live_non_equivalent": len(live), "killed_by_fuzzing": fuzz,
            "killed_by_fuzzing_or_tests": both,
            "fuzzing_score": round(fuzz / len(live), 3) if live else None,
            "fuzzing_and_tests_score": round(both / len(live), 3) if live else None}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, help="a seeded random sample of N mutants")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--file", default="*.c", help="a glob over core/src/ (default *.c)")
    ap.add_argument("--function", help="only mutants inside this function")
    ap.add_argument("--category", choices=["allocator", "checker", "all"], default="allocator")
    ap.add_argument("--time", type=int, default=60, help="fuzzing seconds per mutant")
    ap.add_argument("--jobs", type=int, default=1, help="mutants run at once, one CPU each")
    ap.add_argument("--with-tests", action="store_true", help="run ctest on fuzzing's survivors")
    ap.add_argument("--list", action="store_true", help="print the mutants and stop")
    ap.add_argument("--uvmlab", default=str(ROOT / "build" / "debug" / "fuzz" / "uvmlab"))
    ap.add_argument("--out", default=str(ROOT / "build" / "mutate"))
    args = ap.parse_args()

    mus = [m for f in sorted((ROOT / "core" / "src").glob(args.file)) for m in mutants_of(f)]
    if args.function:
        mus = [m for m in mus if m["function"] == args.function]
    if args.category != "all":
        mus = [m for m in mus if m["category"] == args.category]
    total = len(mus)
    if args.sample and args.sample < len(mus):
        mus = random.Random(args.seed).sample(mus, args.sample)
    if args.list:
        for m in mus:
            print("%s %s:%d %s %-5s %s  ->  %s" % (m["id"], m["file"], m["line"], m["function"],
                                                  m["kind"], m["original"], m["mutated"]))
        return 0
    targets = subprocess.run([args.uvmlab, "targets"], check=True, capture_output=True,
                             text=True).stdout.split("\n")
    targets = [t.split()[0] for t in targets if t.strip()]
    base = pathlib.Path(tempfile.mkdtemp(prefix="uvmlab-mutate-"))
    ncpu = os.cpu_count() or 1
    slots = [Slot(base, k, (ncpu - 1 - k) % ncpu) for k in range(args.jobs)]
    print("mutate: %d of %d mutants, %d s each over %s, %d at once" %
          (len(mus), total, args.time, " ".join(targets), args.jobs), file=sys.stderr)
    free = list(slots)

    def one(mu):
        slot = free.pop()
        try:
            r = slot.run(mu, targets, args.time, args.with_tests)
        finally:
            free.append(slot)
        print("  %-9s %s %s:%d %s  (%s)" % (r["status"], r["id"], r["file"], r["line"],
                                            r["mutated"][:60], r.get("killed_by", "")),
              file=sys.stderr, flush=True)
        return r

    with ThreadPoolExecutor(max_workers=args.jobs) as ex:
        results = list(ex.map(one, mus))
    shutil.rmtree(base, ignore_errors=True)
    eq = equivalents()
    for r in results:
        r.pop("_text", None)
        if r["id"] in eq:
            r["equivalent"] = eq[r["id"]]
    summary = {"head": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                      capture_output=True, text=True).stdout.strip(),
               "seed": args.seed, "sample": args.sample, "mutants_in_scope": total,
               "time_per_mutant": args.time, "targets": targets, "mutants": results,
               "score": {c: score(results, eq, c) for c in ("allocator", "checker")}}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print("\n%-12s %-10s %-28s %-22s %-6s %s" % ("id", "status", "where", "function", "kind",
                                                  "killed by (s)"))
    for r in sorted(results, key=lambda r: (r["status"], r["file"], r["line"])):
        print("%-12s %-10s %-28s %-22s %-6s %s" % (
            r["id"], r["status"] + ("*" if "equivalent" in r else ""),
            "%s:%d" % (r["file"].split("/")[-1], r["line"]), r["function"][:22], r["kind"],
            "%s (%s)" % (r["killed_by"], r.get("seconds", "-")) if "killed_by" in r else ""))
    for c, s in summary["score"].items():
        if s["live_non_equivalent"]:
            print("%s: %d live non-equivalent; fuzzing killed %d (%.1f%%), fuzzing and tests %d "
                  "(%.1f%%)" % (c, s["live_non_equivalent"], s["killed_by_fuzzing"],
                                100 * s["fuzzing_score"], s["killed_by_fuzzing_or_tests"],
                                100 * s["fuzzing_and_tests_score"]))
    print("* equivalent (ci/mutants_equivalent.txt), left out of the score; summary: %s" %
          os.path.join(args.out, "summary.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
