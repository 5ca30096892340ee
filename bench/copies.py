#!/usr/bin/env python3
"""Writes the shipped rules/ copied N times into one knowledge base, for measuring how the
clinician commands grow with its size (BENCHMARKS.md, "Growth with the knowledge base").

    bench/copies.py N OUT      # OUT/ holds knowledge_base.yaml once and N renamed copies of
                               # every other file, with the scenarios of rules/tests/ likewise

Copy k renames every id the rules define (findings, concepts, causes, rules, invariants,
hazards, safety nets, screens...) to `<id>_c<k>`, wherever it appears as a whole word, so each
copy is a knowledge base of its own in the same folder (but for age, sex and duration, which
answers give as keys of their own): N times the findings, rules and
scenarios, each copy reaching the same conclusions as the original. Copy 0 keeps the ids as
they are. The levels and sources of knowledge_base.yaml stay shared.
"""
import pathlib
import re
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "rules"
# Answers give these as keys of their own (age, sex, duration), so every copy shares them.
SHARED = {"age", "sex", "duration_days"}
ID = re.compile(r"^\s*-?\s*id:\s*([A-Za-z0-9_]+)\s*$", re.M)


def defined_ids():
    """Every id a rules or scenario file defines, but the levels and sources, which stay
    shared."""
    ids = set()
    for path in [*ROOT.glob("*.yaml"), *ROOT.glob("tests/*.yaml")]:
        if path.name != "knowledge_base.yaml":
            ids.update(ID.findall(path.read_text()))
    return ids - SHARED


def without_shared(text):
    """The text without the definitions of the shared findings (an item `- id: age` and the
    lines indented under it), which copy 0 keeps."""
    for shared in SHARED:
        text = re.sub(r"^(\s*)- id: " + shared + r"\n(?:\1  .*\n|\s*\n)*", "", text, flags=re.M)
    return text


def main():
    copies, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    if out.exists():
        shutil.rmtree(out)
    (out / "tests").mkdir(parents=True)
    shutil.copy(ROOT / "knowledge_base.yaml", out)
    ids = defined_ids()
    word = re.compile(r"(?<![A-Za-z0-9_-])(" + "|".join(sorted(ids, key=len, reverse=True)) + r")(?![A-Za-z0-9_-])")
    files = [p for p in ROOT.glob("*.yaml") if p.name != "knowledge_base.yaml"]
    scenarios = list((ROOT / "tests").glob("*.yaml"))
    for k in range(copies):
        rename = (lambda text: text) if k == 0 else (
            lambda text, k=k: word.sub(lambda m: f"{m.group(1)}_c{k}", without_shared(text)))
        for path in files:
            (out / f"{path.stem}_c{k}.yaml").write_text(rename(path.read_text()))
        for path in scenarios:
            (out / "tests" / f"{path.stem}_c{k}.yaml").write_text(rename(path.read_text()))


if __name__ == "__main__":
    main()
