#!/bin/sh
# Mutation testing with cargo-mutants: does the test suite notice when the code is changed?
# Not run in CI: every mutant is a build and a test run, so the default set (the engine,
# assess, answers and verify, about 600 mutants) takes hours on two cores. docs/mutants.md
# says how to read the results, and what was found.
#
#   bench/mutants.sh                          # the default set of files
#   bench/mutants.sh --file src/assess.rs     # any cargo-mutants arguments instead
#   bench/mutants.sh --list                   # the mutants, without testing them
#   MUTANTS_OUT=target/mutants/assess bench/mutants.sh --file src/assess.rs
#
# Results go to $MUTANTS_OUT/mutants.out/ (caught.txt, missed.txt, timeout.txt, unviable.txt);
# MUTANTS_OUT defaults to target/mutants.
#
# What makes a mutant cheap (docs/mutants.md, "Method", has the measurements):
# - the tests run under cargo-nextest with its `mutants` profile (.config/nextest.toml): it
#   stops at the first failing test, and leaves out slow tests that cannot see these modules
#   (YAML parsing, alias bombs, very large files, the README examples, ...);
# - the build uses the cargo profile `mutants` (Cargo.toml: the test profile without debug
#   information, which links quicker);
# - the builds share one target folder, target/mutants-target (set CARGO_TARGET_DIR to use
#   another), so the dependencies are built once rather than once per run. That assumes one
#   build at a time, cargo-mutants' default (`--jobs 1`).
set -eu
cd "$(dirname "$0")/.."
if ! cargo mutants --version >/dev/null 2>&1; then
    echo "bench/mutants.sh: cargo-mutants is not installed; install it with" >&2
    echo "    cargo install --locked cargo-mutants" >&2
    exit 2
fi
if ! cargo nextest --version >/dev/null 2>&1; then
    echo "bench/mutants.sh: cargo-nextest is not installed; install it with" >&2
    echo "    cargo install --locked cargo-nextest" >&2
    exit 2
fi
if [ "$#" -eq 0 ]; then
    set -- \
        --file 'src/engine/*.rs' \
        --file src/assess.rs \
        --file src/answers.rs \
        --file 'src/answers/*.rs' \
        --file 'src/verify/*.rs'
fi
export NEXTEST_PROFILE="${NEXTEST_PROFILE:-mutants}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/mutants-target}"
# One mutant at a time (cargo-mutants' default), so the machine stays usable. The tree is
# copied to a scratch folder and built there; `--in-place` mutates this tree instead (don't
# edit it meanwhile, and check `git status` if interrupted).
# The timeout is 3 times the baseline's test time, unless the arguments give one (`--timeout`,
# as with `--baseline skip`): cargo-mutants refuses the two together.
multiplier="--timeout-multiplier=3"
for arg in "$@"; do
    case "$arg" in --timeout | --timeout=*) multiplier="" ;; esac
done
mkdir -p "${MUTANTS_OUT:-target/mutants}"
exec cargo mutants \
    --output "${MUTANTS_OUT:-target/mutants}" \
    --test-tool nextest \
    --profile mutants \
    ${multiplier:+"$multiplier"} \
    --exclude 'src/**/tests.rs' \
    "$@"
