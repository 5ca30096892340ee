#!/bin/sh
# How the clinician commands and the text report grow with the knowledge base: the shipped
# rules copied 1, 10 and 100 times (bench/copies.py), each command run RUNS times (default 3),
# the median wall time and the largest peak memory (GNU time) printed per line.
#   cargo build --release && bench/growth.sh [TRIAGE_BINARY] [COPIES...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
triage=${1:-$here/../target/release/triage}
[ $# -gt 0 ] && shift
copies=${*:-1 10 100}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in $copies; do
    rules=$work/x$n
    python3 "$here/copies.py" "$n" "$rules"
    for command in "test" "coverage" "diff --base $rules" \
        "assess --yes back_pain" "assess --yes back_pain --format json"; do
        label=$(echo "$command" | sed "s|$rules|DIR|")
        for _ in $(seq "$runs"); do
            # shellcheck disable=SC2086
            /usr/bin/time -f "%e %M" "$triage" $command --rules "$rules" \
                >/dev/null 2>"$work/time" || true
            tail -n 1 "$work/time"
        done | sort -n | awk -v n="$n" -v c="$label" -v runs="$runs" '
            { t[NR] = $1; if ($2 > m) m = $2 }
            END { printf "x%-4s %-40s median %7.2f s  peak %6.0f MB\n", n, c, t[int((runs + 1) / 2)], m / 1024 }'
    done
done
