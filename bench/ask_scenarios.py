#!/usr/bin/env python3
"""Every shipped scenario played through the real `triage ask`, as a person would answer it.

The patient answers what the scenario states and, for what it leaves out, either "no"
(--deny) or "not sure" (the default), the two patient models of the question targets. The
interview runs as a child process with `--show-ids`, so each question and checklist item
names the finding it asks; the patient reads the question from standard error and types
the answer, one line at a time. Prints the median and largest number of questions, and
after how many questions each emergency was shown (target: within 8).

It measures the same thing as `cargo run --example question_flow -- --summary [--deny]`,
through the binary's prompts instead of the library: the two should agree.

Usage: bench/ask_scenarios.py [--deny] [--binary target/release/triage] [NAME FILTER]
"""

import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT_END = re.compile(r"(\[y/n/\?\]|\? to skip\)|\n>) ?$")
ITEM = re.compile(r"^\s+(\d+)\. \[(\w+)\]", re.M)
QUESTION = re.compile(r"^\[(\w+)\]", re.M)
# Version 1's findings that say two things at once, with the version-2 findings for each
# part (as triage::interview::Patient): a patient who has the whole has each part.
PARTS = {"sudden_onset": "sudden_severe_pain", "severe_pain": "sudden_severe_pain"}
# Findings an earlier vocabulary asked as one thing or another (`replaced_by` in the
# knowledge base, read from `triage list findings`): a patient who has the whole is not sure of
# each part (the file does not say which), even one who says "no" to what it leaves out.
EITHER = {}


def value_of(raw):
    if raw in (True, "present", "yes"):
        return "present"
    if raw in (False, "absent", "no"):
        return "absent"
    return "unknown"


class Patient:
    def __init__(self, answers, deny, kinds):
        self.answers = answers
        self.deny = deny
        self.kinds = kinds

    def finding(self, fid):
        findings = self.answers.get("findings") or {}
        if fid in findings:
            return value_of(findings[fid])
        if fid in PARTS and value_of(findings.get(PARTS[fid])) == "present":
            return "present"
        if any(value_of(findings.get(whole)) == "present" for whole in EITHER.get(fid, ())):
            return "unknown"
        return "absent" if self.deny else "unknown"

    def reply(self, question_id, prompt):
        kind = self.kinds.get(question_id)
        if kind == "number":
            value = self.answers.get(question_id)
            return "?" if value is None else str(value)
        if kind == "choice":
            value = self.answers.get(question_id)
            options = self.kinds[question_id + ":options"]
            return "?" if value not in options else str(options.index(value) + 1)
        items = ITEM.findall(prompt)
        if items:  # the opening question or a checklist
            values = [(n, self.finding(f)) for n, f in items]
            picked = [n for n, v in values if v == "present"]
            unsure = any(v == "unknown" for _, v in values)
            if question_id == "complaint":
                return ",".join(picked) or "?"
            if not picked:
                return "?" if unsure else "n"
            return ",".join(picked) + (",?" if unsure else "")
        return {"present": "y", "absent": "n", "unknown": "?"}[self.finding(question_id)]


def play(binary, patient):
    """Returns (questions answered, question after which an emergency was first shown)."""
    child = subprocess.Popen(
        [binary, "ask", "--show-ids", "--format", "json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd="/",
    )
    err = b""
    asked, emergency_at, seen = 0, None, 0
    while True:
        chunk = os.read(child.stderr.fileno(), 65536)
        if not chunk:
            break
        err += chunk
        text = err.decode("utf-8", "replace")
        if emergency_at is None and re.search(r"^EMERGENCY", text[seen:], re.M):
            emergency_at = asked
        if not PROMPT_END.search(text[seen:]):
            continue
        prompt = text[seen:]
        # The question is the last line that starts with an id in brackets.
        starts = list(QUESTION.finditer(prompt))
        if not starts:
            sys.exit(f"no question id in: {prompt!r}")
        head = prompt[starts[-1].start():]
        answer = patient.reply(starts[-1].group(1), head)
        child.stdin.write((answer + "\n").encode())
        child.stdin.flush()
        asked += 1
        seen = len(text)
    out, _ = child.communicate()
    report = json.loads(out)
    return report["interview"]["questions"], emergency_at, report["urgency"]["level"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("filter", nargs="?", default="")
    parser.add_argument("--deny", action="store_true")
    parser.add_argument("--binary", default=os.path.join(ROOT, "target/release/triage"))
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    listed = json.loads(subprocess.run([args.binary, "list", "findings", "--format", "json"],
                                       capture_output=True, check=True, cwd="/").stdout)
    kinds = {}
    for f in listed:
        kinds[f["id"]] = f["kind"]
        for part in f.get("replaced_by", ()):
            EITHER.setdefault(part, []).append(f["id"])
        if f["kind"] == "choice":
            kinds[f["id"] + ":options"] = f["options"]
    counts, emergencies = [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "rules/tests/*.yaml"))):
        for scenario in yaml.safe_load(open(path))["scenarios"]:
            if args.filter not in scenario["name"]:
                continue
            patient = Patient(scenario["answers"], args.deny, kinds)
            asked, emergency_at, level = play(args.binary, patient)
            counts.append(asked)
            if emergency_at is not None:
                emergencies.append((emergency_at, scenario["name"]))
    if not counts:
        sys.exit("no scenario matched")
    emergencies.sort()
    late = [e for e in emergencies if e[0] > 8]
    print(f"{len(counts)} scenarios ({'no' if args.deny else 'not sure'} to what each leaves out): "
          f"median {statistics.median_low(counts)} questions, max {max(counts)}")
    if emergencies:
        print(f"{len(emergencies)} emergencies: {len(emergencies) - len(late)} shown within 8 "
              f"questions, latest after {emergencies[-1][0]}")
    for at, name in late:
        print(f"  {at:>2} questions: {name}")


if __name__ == "__main__":
    main()
