#!/usr/bin/env python3
"""Writes link/symbol-order.txt: the functions a one-shot run executes, for the linker to place
side by side at the start of the executable's code.

Why: the kernel maps an executable's code 64 KiB at a time around each page it first touches,
so what a short run holds in memory is every 64 KiB window of the code in which it ran
anything. Left in the compiler's order, the ~0.9 MB of functions a one-shot `assess` runs are
spread over nearly all of the 4.3 MB of code, and nearly all of it ends up resident
(BENCHMARKS.md, "Where triage's memory goes"). build.rs hands this list to the linker (lld's
`--symbol-ordering-file`) for release builds; functions not in it keep their order after it.

The list holds the executed functions of a few typical runs (valgrind's callgrind, symbol
names as the linker sees them), the ones common to most runs first. A name that no longer
exists is skipped by the linker, and a function missing from the list only lands further
away, so a stale list costs memory, never correctness: rerun this script after large changes.

The symbol names carry hashes that depend on the toolchain and on the build's flags (not on
the folder it is built in): `cargo build-static` names many functions differently, so its
names are appended to the same list (`--add`, after `cargo build-static`); the linker skips the
names its binary does not have.

Usage: bench/layout.py [--no-build] [--add]   (needs valgrind)
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "link", "symbol-order.txt")


def sh(args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def executed(command, work, n):
    """The mangled names of the functions `command` executed, by callgrind."""
    out = os.path.join(work, f"callgrind.{n}")
    # /dev/null for writing: `triage` takes it open for reading too (subprocess.DEVNULL) for a
    # closed standard output, and refuses to lose its report.
    with open(os.devnull, "w") as discard:
        sh(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
            *command], stdout=discard, stderr=subprocess.DEVNULL)
    names = set()
    with open(out) as f:
        for line in f:
            # `name'2` is a second level of recursion of `name`.
            m = re.match(r"c?fn=\(\d+\) ([^\s']+)", line)
            if m:
                names.add(m.group(1))
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-build", action="store_true",
                        help="use target/release as it is")
    parser.add_argument("--add", action="store_true",
                        help="keep the list and append the names of this binary it lacks "
                             "(for a second kind of build; implies --no-build)")
    args = parser.parse_args()
    args.no_build = args.no_build or args.add
    if not args.no_build:
        # Two builds: with an example in the same build, cargo turns on the dev-dependencies'
        # features of the crates they share with triage, which gives every function of the
        # binary another symbol hash than a plain `cargo build --release` (all but 254 of the
        # list's names had gone stale so).
        sh(["cargo", "build", "--release", "--quiet", "--bin", "triage"], cwd=ROOT)
        sh(["cargo", "build", "--release", "--quiet", "--example", "gen_kb"], cwd=ROOT)
    triage = os.path.join(ROOT, "target/release/triage")
    gen_kb = os.path.join(ROOT, "target/release/examples/gen_kb")
    # What the linker can order: the executable's own functions.
    symbols = {}
    for line in sh(["nm", "--defined-only", triage], capture_output=True,
                   text=True).stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT":
            symbols[parts[2]] = int(parts[0], 16)
    with tempfile.TemporaryDirectory(prefix="triage-layout-") as work:
        shipped = os.path.join(work, "shipped")
        sh([gen_kb, "--shipped", "--cases", "200", "--seed", "1", "--out", shipped],
           stderr=subprocess.DEVNULL)
        runs = [
            [triage, "assess", "--yes", "back_pain"],
            [triage, "assess", "--yes", "back_pain,bladder_bowel_dysfunction,saddle_numbness",
             "--format", "json"],
            [triage, "assess", "--batch", os.path.join(shipped, "cases.jsonl")],
            [triage, "--version"],
        ]
        # The sizes of bench/compare.py: some code (small sorts...) runs at one size only.
        for size in (100, 1000, 10000):
            synth = os.path.join(work, str(size))
            sh([gen_kb, "--rules", str(size), "--cases", "200", "--seed", "1", "--out", synth],
               stderr=subprocess.DEVNULL)
            rules = os.path.join(synth, "rules")
            cases = os.path.join(synth, "cases.jsonl")
            one = os.path.join(synth, "one.json")
            with open(cases) as f, open(one, "w") as o:
                o.write(f.readline())
            runs += [
                [triage, "--rules", rules, "assess", "--answers", one, "--format", "json"],
                [triage, "--rules", rules, "assess", "--answers", one],
                [triage, "--rules", rules, "assess", "--batch", cases],
            ]
        count = collections.Counter()
        for n, command in enumerate(runs):
            count.update(executed(command, work, n))
    # Functions merged by the optimizer share an address under several names, of which
    # callgrind reports one: list them all, whichever the linker sees first.
    at = collections.defaultdict(list)
    for name, address in symbols.items():
        at[address].append(name)
    for name in [name for name in count if name in symbols]:
        for alias in at[symbols[name]]:
            count[alias] = max(count[alias], count[name])
    names = [name for name in count if name in symbols]
    names.sort(key=lambda name: (-count[name], symbols[name]))
    if args.add:
        with open(OUT) as f:
            kept = f.read().split()
        have = set(kept)
        names = kept + [name for name in names if name not in have]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("".join(name + "\n" for name in names))
    print(f"{OUT}: {len(names)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
