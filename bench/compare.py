#!/usr/bin/env python3
"""triage beside CLIPS on the same rules and the same cases.

For each size, examples/gen_kb.rs writes a synthetic knowledge base twice, as triage YAML and as
CLIPS constructs (the same rule network; see src/synth.rs for the exact encoding of the
three-valued logic), with 10,000 cases. This script then

1. runs both over every case and checks that they agree on every outcome: the urgency level
   and the ranked list of causes;
2. times whole processes with hyperfine: one assessment (the first case), and a batch of all
   the cases (`triage assess --batch` against one CLIPS process that resets, asserts, runs and
   reports per case), with the cores each batch used (CPU time over wall time);
3. measures the peak memory (max RSS) of each process, the median of 5 runs (3 for a batch);

and prints the ratios triage / CLIPS (below 1 means triage is faster or smaller).

Usage: bench/compare.py [--sizes 100,1000,10000] [--cases 10000] [--runs N] [--keep]
Installs what it needs (Debian's clips and hyperfine) when run as root.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def ensure_tools():
    missing = [p for p in ("clips", "hyperfine") if shutil.which(p) is None]
    if not os.path.exists("/usr/bin/time"):
        missing.append("time")
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"missing {', '.join(missing)}: apt-get install -y {' '.join(missing)}")
        sh(["apt-get", "update", "-qq"])
        sh(["apt-get", "install", "-y", "-qq", *missing], stdout=subprocess.DEVNULL)
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "clips"],
                             capture_output=True, text=True).stdout
    return version or "unknown"


def build():
    # The binary as `cargo build --release` makes it: built with the example, it would have
    # other symbol names (the dev-dependencies' features), which link/symbol-order.txt lacks.
    sh(["cargo", "build", "--release", "--quiet", "--bin", "triage"], cwd=ROOT)
    sh(["cargo", "build", "--release", "--quiet", "--example", "gen_kb"], cwd=ROOT)
    return (os.path.join(ROOT, "target/release/triage"),
            os.path.join(ROOT, "target/release/examples/gen_kb"))


def clips_batch(path, kb, facts):
    with open(path, "w") as out:
        out.write(f'(load* "{kb}")\n')
        for line in facts:
            out.write("(reset)\n")
            if line:
                out.write(f"(assert {line})\n")
            out.write("(run)\n(report)\n")
        out.write("(exit)\n")


def triage_outcomes(stdout):
    outcomes = []
    for line in stdout.splitlines():
        result = json.loads(line)
        if "error" in result:
            sys.exit(f"triage failed on line {result['line']}: {result['error']}")
        causes = [c["id"].removeprefix("cause_") for c in result["causes"]]
        outcomes.append((result["urgency"]["level"], causes))
    return outcomes


def clips_outcomes(stdout):
    outcomes = []
    for line in stdout.splitlines():
        if line.startswith("U "):
            words = line.split()
            outcomes.append((words[1], words[2:]))
    return outcomes


def peak_kib(args, runs):
    """Runs a command `runs` times (output discarded) and returns the median of its peak
    resident memory in KiB, as GNU time reports it (measuring from Python would count the
    forked interpreter's own memory, which the child's high-water mark keeps across exec).
    The median, as one run may differ from the next by a few hundred KiB (threads)."""
    peaks = []
    for _ in range(runs):
        # /dev/null for writing: `triage` takes it open for reading too (subprocess.DEVNULL)
        # for a closed standard output, and refuses to lose its report.
        with open(os.devnull, "w") as discard:
            result = subprocess.run(["/usr/bin/time", "-f", "%M", *args],
                                    stdout=discard, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            sys.exit(f"{' '.join(args)} failed with status {result.returncode}")
        peaks.append(int(result.stderr.strip().splitlines()[-1]))
    return statistics.median(peaks)


def hyperfine(commands, runs, work):
    """Median wall time in seconds of each command (a list of argument lists), and the cores
    it used: its mean CPU time (user and system) over its mean wall time."""
    export = os.path.join(work, "hyperfine.json")
    quoted = [" ".join(args) for args in commands]
    sh(["hyperfine", "-N", "--style", "none", "--warmup", "3", "--runs", str(runs),
        "--export-json", export, *quoted], stdout=subprocess.DEVNULL)
    with open(export) as f:
        results = json.load(f)["results"]
    return ([statistics.median(r["times"]) for r in results],
            [(r["user"] + r["system"]) / r["mean"] for r in results])


def load_average():
    return os.getloadavg()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=0,
                        help="hyperfine runs per command (default: by size)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()

    clips_version = ensure_tools()
    triage, gen_kb = build()
    work = tempfile.mkdtemp(prefix="triage-compare-")
    # triage keeps each rules folder compiled (src/kb/cache.rs): here, not in ~/.cache.
    os.environ["TRIAGE_CACHE_DIR"] = os.path.join(work, "cache")
    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            folder = os.path.join(work, str(size))
            sh([gen_kb, "--rules", str(size), "--cases", str(args.cases), "--seed", "1",
                "--out", folder], stderr=subprocess.DEVNULL)
            rules = os.path.join(folder, "rules")
            cases = os.path.join(folder, "cases.jsonl")
            kb = os.path.join(folder, "kb.clp")
            with open(os.path.join(folder, "cases.clp.txt")) as f:
                facts = f.read().splitlines()
            with open(cases) as f:
                first = f.readline()
            one_json = os.path.join(folder, "one.json")
            with open(one_json, "w") as f:
                f.write(first)
            one_one = os.path.join(folder, "one.jsonl")
            with open(one_one, "w") as f:
                f.write(first)
            one_bat = os.path.join(folder, "one.bat")
            all_bat = os.path.join(folder, "all.bat")
            clips_batch(one_bat, kb, facts[:1])
            clips_batch(all_bat, kb, facts)

            # 1. Agreement on every case.
            ours = triage_outcomes(sh([triage, "--rules", rules, "assess", "--batch", cases],
                                      capture_output=True, text=True).stdout)
            theirs = clips_outcomes(sh(["clips", "-f2", all_bat],
                                       capture_output=True, text=True).stdout)
            if len(ours) != len(theirs):
                sys.exit(f"{size} rules: triage gave {len(ours)} outcomes, CLIPS {len(theirs)}")
            differ = [i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b]
            if differ:
                i = differ[0]
                sys.exit(f"{size} rules: {len(differ)} cases differ; first, line {i + 1}: "
                         f"triage {ours[i]}, CLIPS {theirs[i]}")
            urgent = sum(1 for level, _ in ours if level != "self_care")
            ranked = sum(1 for _, causes in ours if causes)
            print(f"{size} rules: triage and CLIPS agree on all {len(ours)} cases "
                  f"({urgent} above self_care, {ranked} with ranked causes)", flush=True)

            # 2. Whole-process time.
            one_ours = [triage, "--rules", rules, "assess", "--answers", one_json,
                        "--format", "json"]
            one_theirs = ["clips", "-f2", one_bat]
            batch_ours = [triage, "--rules", rules, "assess", "--batch", cases]
            batch_theirs = ["clips", "-f2", all_bat]
            runs = args.runs or (30 if size <= 10000 else 5)
            load_before = load_average()
            # triage from its cache (the warm-up runs fill it), then compiling the YAML.
            t_one, _ = hyperfine([one_ours, one_theirs, ["env", "TRIAGE_NO_CACHE=1", *one_ours]],
                                 runs, work)
            t_batch, cores = hyperfine([batch_ours, batch_theirs], max(3, runs // 3), work)
            load_after = load_average()

            # 3. Peak memory.
            m_one = [peak_kib(one_ours, 5), peak_kib(one_theirs, 5)]
            m_batch = [peak_kib(batch_ours, 3), peak_kib(batch_theirs, 3)]
            rows.append((size, t_one, t_batch, cores, m_one, m_batch,
                         max(load_before, load_after)))
    finally:
        if args.keep:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"triage vs CLIPS {clips_version}; {args.cases} cases per batch; medians of "
          f"whole-process wall time (hyperfine) and of peak RSS; ratio = triage / CLIPS; "
          f"cores = mean CPU time (user + system) / mean wall time of the batch; one assessment "
          f"from triage's cache of the compiled rules folder, and without it (through `env`)")
    print()
    print("| rules | one assessment: triage | CLIPS | ratio | without the cache | ratio "
          "| batch: triage | CLIPS | ratio "
          "| batch cores: triage | CLIPS "
          "| peak memory one: triage | CLIPS | ratio | batch: triage | CLIPS | ratio | load |")
    print("|---:" * 18 + "|")
    for size, t_one, t_batch, cores, m_one, m_batch, load in rows:
        def ms(t):
            return f"{t * 1000:.1f} ms" if t < 10 else f"{t:.2f} s"

        def mib(k):
            return f"{k / 1024:.1f} MiB"

        print(f"| {size} | {ms(t_one[0])} | {ms(t_one[1])} | {t_one[0] / t_one[1]:.2f} "
              f"| {ms(t_one[2])} | {t_one[2] / t_one[1]:.2f} "
              f"| {ms(t_batch[0])} | {ms(t_batch[1])} | {t_batch[0] / t_batch[1]:.2f} "
              f"| {cores[0]:.2f} | {cores[1]:.2f} "
              f"| {mib(m_one[0])} | {mib(m_one[1])} | {m_one[0] / m_one[1]:.2f} "
              f"| {mib(m_batch[0])} | {mib(m_batch[1])} | {m_batch[0] / m_batch[1]:.2f} "
              f"| {load:.2f} |")


if __name__ == "__main__":
    main()
