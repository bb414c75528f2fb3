#!/usr/bin/python3
"""Check the GitHub Actions workflows that cannot run here.

Every workflow under .github/workflows/ must parse as YAML and have a
trigger and jobs; every local script a `run:` step calls must exist and
be executable; every ClusterFuzzLite step must name the language of
.clusterfuzzlite/project.yaml, a sanitizer and mode ClusterFuzzLite
knows, and the build it uses (.clusterfuzzlite/Dockerfile and the
build.sh it copies, which ./ci/clusterfuzzlite.sh runs) must exist.
The workflows the README names must all be there, and pull requests
must be fuzzed under both address and undefined.  Exit 1 on any miss.
"""
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKFLOWS = os.path.join(ROOT, ".github", "workflows")
REQUIRED = {"cflite_pr.yml": "code-change", "cflite_build.yml": None,
            "cflite_batch.yml": "batch", "cflite_cron.yml": "prune coverage",
            "bench_gate.yml": None}
SANITIZERS = {"address", "undefined", "memory", "coverage"}
MODES = {"code-change", "batch", "prune", "coverage"}
SCRIPT = re.compile(r"(?:^|\s)\.?/?((?:ci|\.clusterfuzzlite)/[\w./-]+)")

errors = []


def sanitizers(job, value):
    """The sanitizers a step's value stands for, the job's matrix expanded."""
    if not isinstance(value, str):
        return set()
    m = re.fullmatch(r"\$\{\{\s*matrix\.(\w+)\s*\}\}", value.strip())
    if m:
        return set(job.get("strategy", {}).get("matrix", {}).get(m.group(1), []))
    return {value}


def check(name, doc, language):
    if not isinstance(doc, dict) or "jobs" not in doc:
        errors.append("%s: no jobs" % name)
        return set(), set()
    if "on" not in doc and True not in doc:  # YAML 1.1 reads `on` as true
        errors.append("%s: no trigger" % name)
    modes, sans = set(), set()
    for jname, job in doc["jobs"].items():
        for step in job.get("steps", []):
            for path in SCRIPT.findall(step.get("run", "")):
                full = os.path.join(ROOT, path)
                if not os.access(full, os.X_OK):
                    errors.append("%s/%s: runs %s, which is missing or not executable"
                                  % (name, jname, path))
            if not step.get("uses", "").startswith("google/clusterfuzzlite/actions/"):
                continue
            w = step.get("with", {})
            if w.get("language", language) != language:
                errors.append("%s/%s: language %s, project.yaml says %s"
                              % (name, jname, w.get("language"), language))
            s = sanitizers(job, w.get("sanitizer", "address"))
            if not s or not s <= SANITIZERS:
                errors.append("%s/%s: sanitizer %s" % (name, jname, w.get("sanitizer")))
            sans |= s
            if "mode" in w:
                if w["mode"] not in MODES:
                    errors.append("%s/%s: mode %s" % (name, jname, w["mode"]))
                modes.add(w["mode"])
    return modes, sans


def main():
    with open(os.path.join(ROOT, ".clusterfuzzlite", "project.yaml")) as f:
        language = yaml.safe_load(f)["language"]
    with open(os.path.join(ROOT, ".clusterfuzzlite", "Dockerfile")) as f:
        copied = re.findall(r"^COPY\s+(\S+)\s", f.read(), re.M)
    for src in copied:
        if not os.path.exists(os.path.join(ROOT, src)):
            errors.append("Dockerfile copies %s, which is missing" % src)
    names = sorted(n for n in os.listdir(WORKFLOWS) if n.endswith((".yml", ".yaml")))
    for want in REQUIRED:
        if want not in names:
            errors.append("%s is missing" % want)
    for name in names:
        try:
            with open(os.path.join(WORKFLOWS, name)) as f:
                doc = yaml.safe_load(f)
        except yaml.YAMLError as e:
            errors.append("%s: not YAML: %s" % (name, e))
            continue
        modes, sans = check(name, doc, language)
        for mode in (REQUIRED.get(name) or "").split():
            if mode not in modes:
                errors.append("%s: no %s step" % (name, mode))
        if name == "cflite_pr.yml" and not {"address", "undefined"} <= sans:
            errors.append("cflite_pr.yml: pull requests fuzzed under %s only" % sorted(sans))
    for e in errors:
        print("check_workflows: " + e, file=sys.stderr)
    if not errors:
        print("check_workflows: %d workflows parse; their scripts and builds exist" % len(names))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
