#!/usr/bin/env python3
"""Instructions per catalog row: `dualuse screen`'s worker thread against the
hand-glued matcher, and the worker's main parts (valgrind's callgrind).

Usage: instructions.py DIR DUALUSE GLUE PATTERNS [ROWS]

DIR holds `catalog.jsonl` and `catalog.txt` (the same rows, the second one
description per line, the glue's input). Each program runs over the first
ROWS and the first 2 × ROWS rows (default 100,000); the difference, divided
by ROWS, is the cost of a row in steady state: start-up, the rules' compile
and the worker's lazily built regexes fall out. Prints one JSON object.

The parts are callgrind's inclusive counts of a few functions of the worker
thread; a part that the compiler inlined into its caller is absent.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

# Function (as callgrind_annotate names it, up to ` [`) -> part.
PARTS = {
    "dualuse::text::normalize::Normalized::set": "normalization",
    "aho_corasick::automaton::Automaton::try_find_overlapping": "automaton",
    "dualuse::chem::mentions": "element mentions",
    "dualuse::engine::scan::<impl dualuse::engine::Matcher>::run_regex": "regexes",
    "dualuse::engine::hs_index::HsIndex::lookup": "HS codes",
    "dualuse::quantity::scan::Scanner::run": "quantities",
    "dualuse::engine::scan::<impl dualuse::engine::Matcher>::evidence": "evidence",
    "dualuse::output::Record::write_json": "record",
}


def head(src, dst, n):
    with open(src, "rb") as f, open(dst, "wb") as o:
        for i, line in enumerate(f):
            if i >= n:
                break
            o.write(line)


def callgrind(cmd, tmp, tag):
    """Runs cmd under callgrind, one file per thread; returns the files."""
    for f in glob.glob(f"{tmp}/{tag}.*"):
        os.remove(f)
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--separate-threads=yes",
         f"--callgrind-out-file={tmp}/{tag}.%p"] + cmd,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return glob.glob(f"{tmp}/{tag}.*")


def totals(path):
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("totals:"):
                return int(line.split()[1])
    return 0


def inclusive(path):
    """Inclusive instructions of each function in PARTS."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", path],
                          capture_output=True, text=True).stdout
    # A function is listed once per source file its inlined code came
    # from; the largest of those counts is the whole function.
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S+?:(.+?)(?: \[.*\])?$", line)
        if m and m.group(2) in PARTS:
            part, n = PARTS[m.group(2)], int(m.group(1).replace(",", ""))
            found[part] = max(found.get(part, 0), n)
    return found


def main():
    d, dualuse, glue, patterns = sys.argv[1:5]
    rows = int(sys.argv[5]) if len(sys.argv) > 5 else 100_000
    tmp = tempfile.mkdtemp(prefix="instructions-")
    worker, glue_total, parts = {}, {}, {}
    for n in (rows, 2 * rows):
        head(f"{d}/catalog.jsonl", f"{tmp}/c.jsonl", n)
        head(f"{d}/catalog.txt", f"{tmp}/c.txt", n)
        files = callgrind([dualuse, "screen", "--threads", "1", "--as-of=2026-11-30",
                           f"{tmp}/c.jsonl"], tmp, f"d{n}")
        # The worker is the busiest thread but the main one (thread 1,
        # which compiles the rules and writes the records).
        busiest = max((f for f in files if not f.endswith("-01")), key=totals)
        worker[n] = totals(busiest)
        parts[n] = inclusive(busiest)
        if glue != "-":
            files = callgrind([glue, "ac-regexset", patterns, f"{tmp}/c.txt"], tmp, f"g{n}")
            glue_total[n] = sum(totals(f) for f in files)
    per = lambda a: round((a[2 * rows] - a[rows]) / rows)
    out = {"rows": rows, "worker_per_row": per(worker)}
    if glue_total:
        out["glue_per_line"] = per(glue_total)
    out["parts_per_row"] = {
        p: round((parts[2 * rows][p] - parts[rows][p]) / rows)
        for p in PARTS.values() if p in parts[rows] and p in parts[2 * rows]
    }
    for f in glob.glob(f"{tmp}/*"):
        os.remove(f)
    os.rmdir(tmp)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
